package search

import "math"

// bm25 turns term frequencies into BM25F term weights (scaled integers,
// so the Go and JavaScript scorers add exactly the same numbers).
type bm25 struct {
	n   int
	avg [3]float64
}

func (b *builder) bm25() bm25 {
	var avg [3]float64
	for _, l := range b.lens {
		for f := range avg {
			avg[f] += float64(l[f])
		}
	}
	for f := range avg {
		avg[f] /= math.Max(1, float64(b.n))
	}
	return bm25{n: b.n, avg: avg}
}

func (m bm25) idf(t *termInfo) int {
	df := float64(t.df)
	return int(math.Round(idfScale * math.Log(1+(float64(m.n)-df+0.5)/(df+0.5))))
}

// norm is the length normalisation of each field of a document of
// field lengths lens (0 for a field no document has).
func (m bm25) norm(lens [3]int) [3]float64 {
	var n [3]float64
	for f := range n {
		if m.avg[f] != 0 {
			n[f] = 1 - bm25B + bm25B*float64(lens[f])/m.avg[f]
		}
	}
	return n
}

// norms is norm of every document, computed once per index rather than
// once per posting.
func (m bm25) norms(lens [][3]int) [][3]float64 {
	out := make([][3]float64, len(lens))
	for i, l := range lens {
		out[i] = m.norm(l)
	}
	return out
}

// weightNorm is the BM25F weight of posting p of a document whose norm
// is norm.
func (m bm25) weightNorm(p *posting, norm *[3]float64) int {
	// (tf is at most the field length: no overflow)
	var tf float64
	for f := range p.tf {
		if p.tf[f] == 0 || m.avg[f] == 0 {
			continue
		}
		tf += fieldWeight[f] * float64(p.tf[f]) / norm[f]
	}
	return int(math.Round(weightScale * tf * (bm25K1 + 1) / (tf + bm25K1)))
}
