module azalea/corpus/gosync

go 1.19
