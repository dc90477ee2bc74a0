module azalea/corpus/gopipes

go 1.19
