package main

import (
	"runtime/debug"
	"strings"
)

// buildVersion reads the module version, the commit and its time from the
// build information Go writes into the binary (go build and go install in
// a git checkout), for fang's WithVersion and WithCommit.
func buildVersion() (version, commit string) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel", ""
	}
	return versionOf(info)
}

// versionOf is buildVersion for the given build information: the version
// is the module's (devel when it has none), "+dirty" when the work tree
// had changes, then the commit's time; the commit is the full revision.
func versionOf(info *debug.BuildInfo) (version, commit string) {
	version = info.Main.Version
	if version == "" || version == "(devel)" {
		version = "devel"
	}
	var when string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" && !strings.HasSuffix(version, "+dirty") {
				version += "+dirty"
			}
		}
	}
	if when != "" {
		version += " " + when
	}
	return version, commit
}
