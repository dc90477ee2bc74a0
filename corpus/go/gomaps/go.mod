module azalea/corpus/gomaps

go 1.19
