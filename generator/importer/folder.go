package importer

// readFolder reads a Hugo or Jekyll content folder.
func (r *reader) readFolder(kind string, in Input) {
	r.warn.Add("unsupported", in.Display, 0, "%s folders are not read yet; skipped", kind)
}
