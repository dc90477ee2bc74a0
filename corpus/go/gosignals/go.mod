module azalea/corpus/gosignals

go 1.19
