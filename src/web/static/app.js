/* retorno: a little plain JavaScript that only enhances (every page works
   without it). Moves the focus to the error summary when a form comes back
   with errors, as the GOV.UK Design System does. */
(function () {
  'use strict';
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
})();
