module azalea/corpus/gocpus

go 1.19
