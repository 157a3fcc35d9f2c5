// Package importer brings an existing blog into a rensai site: saved
// article pages (text, or HTML saved from a browser: savedpage.go),
// WordPress and note.com exports (WXR, or note's ZIP), はてなブログ exports
// (Movable Type format), and Hugo or Jekyll content folders.
//
// An import runs in four steps (the first three usable on their own):
//
//  1. Read: a source turns its files into Posts (title, date, slug, old
//     URL, taxonomies and a Markdown body), converting HTML with
//     html-to-markdown and removing what rensai writes itself (the
//     hand-written navigation blocks, the repeated title line) and the
//     configured boilerplate (Cleaner). Problems are Warnings naming the
//     file and, where known, the line; an unreadable file is reported and
//     skipped.
//  2. Group: ParseTitle reads each title's part label (【続編⑥】, …対応①,
//     第3話, (3), その3, 其の壱, Part 2, 前編/中編/後編, 上/下, 〜最終回〜, a
//     label before a subtitle, 番外編 as an extra beside the parts) and
//     brackets; a bracket that
//     recurs across different series is the blog's category and becomes a
//     tag. Parts whose series titles match (after normalisation, or nearly)
//     form a Series; the navigation blocks confirm part numbers and reveal
//     parts that are referenced but missing. Posts whose source names their
//     series (Hugo or Jekyll series:) are grouped by that name instead.
//  3. Plan and write: every series becomes content/<slug>/NN.md plus
//     content/series/<slug>.md, other posts content/posts/<slug>.md and
//     pages content/<slug>.md, with front matter written by content.Marshal
//     (old URLs as aliases; under params:, imported_from naming the source). Existing
//     files are never replaced without Force; an unchanged file is left
//     alone, so a second run changes nothing; DryRun writes nothing. The
//     Report lists series, parts found and missing, conflicts, posts in no
//     series, old URLs that could not be kept and warnings by kind.
//  4. Images: every image a post shows from another host is downloaded
//     into the article's own folder and linked there (images.go says how,
//     and with which limits); a failed download keeps the remote link with
//     a warning. Images.Mode keeps them remote (--no-images) or only lists
//     them (--dry-run).
//
// The title parser, the cleaner and the MT parser are pure and fuzzed, and
// so are the WXR reader and the shortcode and Liquid converters. Import runs
// the four steps; the rensai import command adds Apply and the report.
package importer
