// goparallel: pure CPU work spread over 8 goroutines with a deterministic
// combined result. Each worker formats and parses numbers with strconv
// (ints, floats, quoting), sorts a pseudo-random slice (sort.Ints,
// sort.Slice with a multi-key comparator, sort.SearchInts) and chains
// SHA-256 over its data; results are combined in worker order.
// Expects: deterministic output, exits 0.
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sort"
	"strconv"
	"sync"
)

type result struct {
	parsed  int64
	floats  float64
	median  int
	found   int
	digest  [32]byte
	quoted  string
	ordered bool
}

func lcg(seed uint64) func() uint64 {
	x := seed
	return func() uint64 {
		x = x*6364136223846793005 + 1442695040888963407
		return x >> 16
	}
}

func worker(id int) result {
	var r result
	next := lcg(uint64(id) + 1)

	// strconv round trips
	for i := 0; i < 20000; i++ {
		v := int64(next()%2000000) - 1000000
		s := strconv.FormatInt(v, 10+id%7)
		back, err := strconv.ParseInt(s, 10+id%7, 64)
		if err != nil || back != v {
			panic(fmt.Sprint("strconv mismatch ", v, s))
		}
		r.parsed += back
		f := float64(v) / 1024
		fs := strconv.FormatFloat(f, 'g', -1, 64)
		fb, err := strconv.ParseFloat(fs, 64)
		if err != nil || fb != f {
			panic(fmt.Sprint("float mismatch ", fs))
		}
		r.floats += fb
	}
	r.quoted = strconv.Quote(fmt.Sprintf("worker\t%d \"ok\" \u00e9", id))

	// sorting
	data := make([]int, 50000)
	for i := range data {
		data[i] = int(next() % 1000000)
	}
	pairs := make([][2]int, len(data))
	for i, v := range data {
		pairs[i] = [2]int{v % 100, v}
	}
	sort.Ints(data)
	r.median = data[len(data)/2]
	r.found = sort.SearchInts(data, 500000)
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i][0] != pairs[j][0] {
			return pairs[i][0] < pairs[j][0]
		}
		return pairs[i][1] > pairs[j][1]
	})
	r.ordered = sort.IntsAreSorted(data) && sort.SliceIsSorted(pairs, func(i, j int) bool {
		return pairs[i][0] < pairs[j][0] || pairs[i][0] == pairs[j][0] && pairs[i][1] > pairs[j][1]
	})

	// chained sha256
	h := sha256.Sum256([]byte(strconv.Itoa(id)))
	buf := make([]byte, 8*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint64(buf[8*i:], uint64(v))
	}
	for i := 0; i < 200; i++ {
		copy(buf, h[:])
		h = sha256.Sum256(buf[:4096+i])
	}
	r.digest = h
	return r
}

func main() {
	const n = 8
	results := make([]result, n)
	var wg sync.WaitGroup
	for id := 0; id < n; id++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			results[id] = worker(id)
		}(id)
	}
	wg.Wait()
	all := sha256.New()
	for id, r := range results {
		fmt.Printf("worker %d: parsed %d floats %.6f median %d search %d sorted %v sha %x %s\n",
			id, r.parsed, r.floats, r.median, r.found, r.ordered, r.digest[:6], r.quoted)
		all.Write(r.digest[:])
	}
	fmt.Printf("combined sha256 %x\n", all.Sum(nil))
}
