module github.com/deepmerge-go/deepmerge

go 1.21

require github.com/google/go-cmp v0.7.0

require pgregory.net/rapid v1.2.0
