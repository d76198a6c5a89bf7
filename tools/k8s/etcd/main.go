// Command etcd is the etcd server, built from go.etcd.io/etcd/server/v3 at the version
// kube-apiserver in this module was tested with (the etcd repository's own main only does this).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
