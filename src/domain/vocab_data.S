/* vocab_data.S: the shipped vocabularies (the CSV files in data/vocab/) embedded in the
 * binary, so that `retorno` seeds a new database wherever it runs. */
	.section .rodata
	.global vocab_lists_csv, vocab_lists_csv_end
	.global vocab_codes_csv, vocab_codes_csv_end
	.global vocab_countries_csv, vocab_countries_csv_end
	.global vocab_offices_csv, vocab_offices_csv_end
	.global vocab_points_csv, vocab_points_csv_end
vocab_lists_csv:
	.incbin "data/vocab/lists.csv"
vocab_lists_csv_end:
vocab_codes_csv:
	.incbin "data/vocab/codes.csv"
vocab_codes_csv_end:
vocab_countries_csv:
	.incbin "data/vocab/countries.csv"
vocab_countries_csv_end:
vocab_offices_csv:
	.incbin "data/vocab/offices.csv"
vocab_offices_csv_end:
vocab_points_csv:
	.incbin "data/vocab/registration_points.csv"
vocab_points_csv_end:
	.section .note.GNU-stack,"",@progbits
