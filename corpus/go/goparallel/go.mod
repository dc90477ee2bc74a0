module azalea/corpus/goparallel

go 1.19
