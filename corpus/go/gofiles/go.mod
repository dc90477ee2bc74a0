module azalea/corpus/gofiles

go 1.19
