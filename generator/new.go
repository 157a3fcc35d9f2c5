package generator

import "github.com/rensai-ssg/rensai/generator/site"

// SeriesSlug returns the slug a series titled title gets when its metadata
// names none: the site's one slug rule. `rensai new series` passes it to
// package author (author.SeriesOptions.Slugify), which writes new files.
func SeriesSlug(title string) string {
	return site.Slugify(title)
}
