/* static_data.S: the web pages' stylesheet and script (src/web/static/),
 * embedded in the binary: the server needs no files of its own. */
	.section .rodata
	.global web_app_css, web_app_css_end
	.global web_app_js, web_app_js_end
web_app_css:
	.incbin "src/web/static/app.css"
web_app_css_end:
	.byte 0
web_app_js:
	.incbin "src/web/static/app.js"
web_app_js_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
