// Package acceptance holds the tests that run the built congbao binary over
// every real PDF the repository and the shared corpus hold: the golden
// extraction of each file and the hand-verified fields of pdf2's manifest,
// scans read by OCR included. They are the longest tests of the command;
// in a package of their own the go command runs them beside the command's
// other tests, and neither package nears the go command's per-package kill.
// The package has no code outside its tests.
package acceptance
