// gomaps: big maps and string building. A map[string]int of 150000 keys
// grown from empty (rehashing), lookups, deletes of every third key and
// re-insertion; a map[int][]byte with values of varying sizes; map
// iteration is never printed in map order: keys are sorted first, and sums
// are order-independent. strings.Builder grows a 2 MiB string, which is
// hashed, split, counted and joined back. Expects: deterministic output,
// exits 0.
package main

import (
	"crypto/sha256"
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
)

func main() {
	const n = 150000
	m := map[string]int{}
	for i := 0; i < n; i++ {
		m["key-"+strconv.Itoa(i*7)] = i
	}
	hits, sum := 0, 0
	for i := 0; i < n*2; i++ {
		if v, ok := m["key-"+strconv.Itoa(i*7)]; ok {
			hits++
			sum += v
		}
	}
	fmt.Printf("map: %d keys, %d hits, value sum %d\n", len(m), hits, sum)
	for i := 0; i < n; i += 3 {
		delete(m, "key-"+strconv.Itoa(i*7))
	}
	fmt.Printf("map: after deleting every third key %d keys\n", len(m))
	for i := 0; i < n; i += 6 {
		m["key-"+strconv.Itoa(i*7)] = -i
	}
	keys := make([]string, 0, len(m))
	total := 0
	for k, v := range m {
		keys = append(keys, k)
		total += v
	}
	sort.Strings(keys)
	fmt.Printf("map: %d keys after re-insert, value sum %d, first %v last %v\n",
		len(m), total, keys[:3], keys[len(keys)-2:])

	blobs := map[int][]byte{}
	for i := 0; i < 20000; i++ {
		b := make([]byte, i%512)
		for j := range b {
			b[j] = byte(i + j)
		}
		blobs[i] = b
	}
	h := fnv.New64a()
	for i := 0; i < 20000; i++ { // in key order, not map order
		h.Write(blobs[i])
	}
	fmt.Printf("blobs: %d values, fnv64a %016x\n", len(blobs), h.Sum64())

	var sb strings.Builder
	for i := 0; sb.Len() < 2<<20; i++ {
		sb.WriteString("line ")
		sb.WriteString(strconv.Itoa(i))
		sb.WriteByte(' ')
		sb.WriteString(strings.Repeat("ab", i%17))
		sb.WriteByte('\n')
	}
	s := sb.String()
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	joined := strings.Join(lines, "\n") + "\n"
	fmt.Printf("builder: %d bytes, %d lines, %d \"abab\", rejoined equal %v, sha256 %x\n",
		len(s), len(lines), strings.Count(s, "abab"), joined == s, sha256.Sum256([]byte(s)))
	words := map[string]int{}
	for _, w := range strings.Fields(s[:200000]) {
		words[w[:min(len(w), 2)]]++
	}
	wk := make([]string, 0, len(words))
	for w := range words {
		wk = append(wk, w)
	}
	sort.Strings(wk)
	fmt.Printf("builder: %d distinct 2-byte word prefixes in the first 200000 bytes\n", len(wk))
	for _, w := range append(wk[:3], wk[len(wk)-3:]...) {
		fmt.Printf("builder: prefix %q x%d\n", w, words[w])
	}
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}
