//go:build tools

// Package tools pins the spin CLI as a dependency of this module.
package tools

import _ "github.com/spinnaker/spin"
