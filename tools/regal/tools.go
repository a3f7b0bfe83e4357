//go:build tools

// Package tools pins Regal, OPA's linter, for `make tools`: go.mod names the version and go.sum its checksums.
// (`go install …regal@version` cannot be used: the module proxy here refuses the version list it consults.)
package tools

import _ "github.com/open-policy-agent/regal"
