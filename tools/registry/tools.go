//go:build tools

// Package tools pins the registry and crane commands as dependencies of this module.
package tools

import (
	_ "github.com/distribution/distribution/v3/cmd/registry"
	_ "github.com/google/go-containerregistry/cmd/crane"
)
