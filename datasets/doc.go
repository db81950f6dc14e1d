// Package datasets holds descent's built-in datasets and reads CSV files of
// (x, y) points. For example:
//
//	d, err := datasets.Load("hours") // the lecture's data: x = 1, 2, 3 → y = 2, 4, 6
//	if err != nil {
//		return err
//	}
//	fmt.Println(d.Name, d.X, d.Y)
//
//	d, err = datasets.Load("scores.csv") // not a built-in name: a CSV file
//	var pe *datasets.ParseError
//	if errors.As(err, &pe) {
//		fmt.Println(pe) // scores.csv:4: column 2 (y): "abc" is not a number
//	}
//
// The built-ins follow PyTorchZeroToAll lecture 3: "hours" is its data, and
// the others each show one more thing about gradient descent, such as an
// intercept, a learning rate that is too large for the data's scale, noise
// and a curve. [Builtin] lists them, [Lookup] finds one by name, and both
// return copies that the caller may change.
//
// A CSV file has two numeric columns, x then y, separated by commas. Fields
// are trimmed of spaces, and blank lines and lines starting with # are
// skipped. An optional header line picks the columns named x and y from any
// number of columns. [ParseCSV] describes the rules; every rejection is a
// [*ParseError] that names the file, the line and, where it applies, the
// column.
package datasets
