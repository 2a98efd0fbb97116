package quartier

// Progress receives the advance of long work (imports, exports). The command
// line draws a bar on a terminal and logs lines otherwise.
type Progress interface {
	Start(what string, total int)
	Add(n int)
	Done()
}

type noProgress struct{}

func (noProgress) Start(string, int) {}
func (noProgress) Add(int)           {}
func (noProgress) Done()             {}

// ProgressOr is p, or a Progress that reports nowhere when p is nil.
func ProgressOr(p Progress) Progress {
	if p == nil {
		return noProgress{}
	}
	return p
}
