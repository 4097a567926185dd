package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// writeOutput writes out to standard output, or atomically to the file
// named name.
func writeOutput(name string, out []byte, stdout io.Writer) error {
	if name == "" || name == "-" {
		if _, err := stdout.Write(out); err != nil {
			return fmt.Errorf("writing standard output: %v", err)
		}
		return nil
	}
	if err := writeFileAtomic(name, out); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	return nil
}

// errNotRegular is the error for an output that is not a regular file.
var errNotRegular = errors.New(`not a regular file (use "-o -" for standard output)`)

// writeFileAtomic replaces the file name with data, as an atomicFile
// does.
func writeFileAtomic(name string, data []byte) error {
	f, err := createAtomic(name)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Commit()
}

// atomicFile is an output that replaces a file only when it is complete.
// It writes a temporary file in the same directory as the file it
// replaces; Commit syncs and closes it and renames it over that file, so
// that the file holds either its old contents or all that was written.
// A symbolic link is followed, and the file it names is replaced. The
// file keeps its permissions; a new file gets 0644. Until Commit succeeds,
// the file is untouched; Abort, or an error in Commit, removes the
// temporary file.
type atomicFile struct {
	f    *os.File
	name string // the file to replace, links followed
	dir  string
	perm fs.FileMode
	done bool
}

// createAtomic starts an atomicFile that replaces the file name. It is an
// error for name to be something other than a regular file, such as a
// directory or a pipe.
func createAtomic(name string) (*atomicFile, error) {
	// Stat follows links, even those that name no path, such as
	// /dev/stdout when it is a pipe.
	if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
		return nil, errNotRegular
	}
	if fi, err := os.Lstat(name); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if name, err = filepath.EvalSymlinks(name); err != nil {
			return nil, unwrapPath(err)
		}
	}
	a := &atomicFile{name: name, perm: 0o644}
	fi, err := os.Stat(name)
	switch {
	case err == nil && !fi.Mode().IsRegular():
		return nil, errNotRegular
	case err == nil:
		a.perm = fi.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return nil, unwrapPath(err)
	}
	var base string
	a.dir, base = filepath.Split(name)
	if a.dir == "" {
		a.dir = "."
	}
	if a.f, err = os.CreateTemp(a.dir, "."+base+".tmp-*"); err != nil {
		return nil, fmt.Errorf("creating temporary file: %v", unwrapPath(err))
	}
	return a, nil
}

// Write writes p to the temporary file.
func (a *atomicFile) Write(p []byte) (int, error) {
	n, err := a.f.Write(p)
	return n, unwrapPath(err)
}

// Commit replaces the file with what was written. Whatever it returns,
// the atomicFile is finished.
func (a *atomicFile) Commit() (err error) {
	if a.done {
		return errors.New("atomicFile: Commit after Commit or Abort")
	}
	defer func() {
		if err != nil {
			a.Abort()
		}
	}()
	if err = a.f.Chmod(a.perm); err != nil {
		return unwrapPath(err)
	}
	if err = a.f.Sync(); err != nil {
		return unwrapPath(err)
	}
	if err = a.f.Close(); err != nil {
		return unwrapPath(err)
	}
	if err = os.Rename(a.f.Name(), a.name); err != nil {
		return unwrapPath(err)
	}
	a.done = true
	// Make the rename itself durable; it has happened whatever this says.
	if d, derr := os.Open(a.dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Abort removes the temporary file and leaves the file untouched. After
// Commit, it does nothing.
func (a *atomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.f.Close()
	os.Remove(a.f.Name())
}

// unwrapPath drops the operation and path that *fs.PathError and
// *os.LinkError add, which the caller reports its own way.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
