package conformance

import (
	"fmt"
	"sort"
)

// annotation is one error annotation: where, a title, the text.
type annotation struct {
	file  string
	line  int
	title string
	text  string
	key   string // identity, to choose an annotation once
	kind  ProblemKind
}

// annotationPicker keeps, while a run goes, the few problems worth one of
// GitHub's scarce annotations, in order of what matters most: the files
// that could not be read (what was not checked at all), then the first
// failure of each kind of problem (every kind of breakage is seen), then
// the first failure of each file, then the first failures. Its memory is
// bounded: a few per kind and file, whatever the size of the run.
type annotationPicker struct {
	errors, byKind, byFile, first []annotation
	kinds, files, unreadable      map[string]bool
	total                         int
}

func newAnnotationPicker() *annotationPicker {
	return &annotationPicker{kinds: map[string]bool{}, files: map[string]bool{}, unreadable: map[string]bool{}}
}

// fileError takes an unreadable path, once (a run reports it twice: with
// its file, and in the report's errors).
func (p *annotationPicker) fileError(e FileError) {
	key := "read " + e.File
	if p.unreadable[key] {
		return
	}
	p.unreadable[key] = true
	p.total++
	if len(p.errors) < maxAnnotations {
		p.errors = append(p.errors, annotation{file: e.File, title: "unreadable recording", text: oneLine(e.Err.Error()), key: key})
	}
}

func (p *annotationPicker) failure(res Result) {
	p.total++
	kind := res.Problems[0].Kind()
	a := annotation{kind: kind, file: res.File, line: res.Line, key: location(res),
		title: fmt.Sprintf("%s %d: %s", operationLabel(res), res.Status, kind), text: problemsText(res)}
	if !p.kinds[string(kind)] {
		p.kinds[string(kind)] = true
		p.byKind = append(p.byKind, a)
	}
	if !p.files[res.File] && len(p.byFile) < maxAnnotations {
		p.files[res.File] = true
		p.byFile = append(p.byFile, a)
	}
	if len(p.first) < maxAnnotations {
		p.first = append(p.first, a)
	}
}

// choose returns at most n annotations, most important first, and how
// many problems are left without one.
func (p *annotationPicker) choose(n int) ([]annotation, int) {
	sort.SliceStable(p.byKind, func(i, j int) bool { return kindIndex(p.byKind[i].kind) < kindIndex(p.byKind[j].kind) })
	var out []annotation
	seen := map[string]bool{}
	for _, group := range [][]annotation{p.errors, p.byKind, p.byFile, p.first} {
		for _, a := range group {
			if len(out) == n {
				break
			}
			if !seen[a.key] {
				seen[a.key] = true
				out = append(out, a)
			}
		}
	}
	return out, p.total - len(out)
}
