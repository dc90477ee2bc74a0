module azalea/corpus/gochannels

go 1.19
