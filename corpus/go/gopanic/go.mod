module azalea/corpus/gopanic

go 1.19
