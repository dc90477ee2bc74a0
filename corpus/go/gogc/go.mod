module azalea/corpus/gogc

go 1.19
