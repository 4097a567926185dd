module github.com/deepmerge-go/deepmerge/benchcmp

go 1.21

replace github.com/deepmerge-go/deepmerge => ../

require (
	dario.cat/mergo v1.0.2
	github.com/deepmerge-go/deepmerge v0.0.0-00010101000000-000000000000
	github.com/evanphx/json-patch/v5 v5.9.11
)
