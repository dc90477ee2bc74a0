module azalea/corpus/hello

go 1.19
