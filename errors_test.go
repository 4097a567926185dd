package deepmerge

import (
	"strings"
	"testing"
)

func TestErrorShortensLongPaths(t *testing.T) {
	for _, c := range []struct {
		tokens int
		want   string
	}{
		{0, "deepmerge: patch: offset 3: what"},
		{1, "deepmerge: patch: offset 3: /0: what"},
		{16, "deepmerge: patch: offset 3: /0/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15: what"},
		{17, "deepmerge: patch: offset 3: /0/1/2/3/4/5/6/7/…3 more…/11/12/13/14/15/16: what"},
		{10001, "deepmerge: patch: offset 3: /0/1/2/3/4/5/6/7/…9987 more…/9995/9996/9997/9998/9999/10000: what"},
	} {
		var b strings.Builder
		for i := 0; i < c.tokens; i++ {
			b.WriteString("/")
			b.WriteString(itoa(i))
		}
		e := &Error{Input: "patch", Path: b.String(), Offset: 3, Err: ErrSyntax, msg: "what"}
		if got := e.Error(); got != c.want {
			t.Errorf("%d tokens: Error() = %q, want %q", c.tokens, got, c.want)
		}
		if e.Path != b.String() {
			t.Errorf("%d tokens: Error() changed Path", c.tokens)
		}
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
