module azalea/corpus/gotimers

go 1.19
