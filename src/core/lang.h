/* lang.h: the languages retorno speaks. Codes never change with the language;
 * labels (vocabularies, report) and messages (app/messages.h) do. */
#ifndef RETORNO_LANG_H
#define RETORNO_LANG_H

enum lang { LANG_EN, LANG_ES };

#endif
