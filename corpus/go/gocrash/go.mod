module azalea/corpus/gocrash

go 1.19
