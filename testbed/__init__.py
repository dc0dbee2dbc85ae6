"""What the tests and the benchmarks both set up and compare: generated sample
sources (corpus), a NukeViet old site in a throwaway MariaDB, file trees."""
