module azalea/corpus/workers

go 1.19
