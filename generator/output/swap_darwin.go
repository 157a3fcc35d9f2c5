package output

import "golang.org/x/sys/unix"

// exchange swaps two folders in one step (renamex_np with RENAME_SWAP), so
// there is no moment without a destination. It reports false where the file
// system cannot.
func exchange(a, b string) (bool, error) {
	err := unix.RenamexNp(a, b, unix.RENAME_SWAP)
	switch err {
	case nil:
		return true, nil
	case unix.ENOTSUP, unix.EINVAL, unix.ENOSYS:
		return false, nil
	}
	return false, err
}
