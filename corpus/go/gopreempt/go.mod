module azalea/corpus/gopreempt

go 1.19
