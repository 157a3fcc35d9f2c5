package i18n

// checkCatalog holds the problems rensai check reports (package check).
var checkCatalog = map[string]message{}
