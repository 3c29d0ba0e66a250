using System.Globalization;
using System.Text;

namespace Tangle.Load;

/// <summary>The table of figures, as text for the console and as Markdown for a file.</summary>
internal static class Report
{
    public static string Format(double value) => double.IsNaN(value)
        ? "n/a"
        : Math.Abs(value) >= 100 ? value.ToString("0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("0.0", CultureInfo.InvariantCulture)
        : value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Markdown(IReadOnlyList<Summary> rows, string setup)
    {
        var runs = rows.Count == 0 ? 0 : rows.Max(r => r.Runs);
        var text = new StringBuilder();
        text.AppendLine("# Tangle load figures").AppendLine();
        text.AppendLine(setup).AppendLine();
        text.AppendLine(runs > 1 ? $"Median of {runs} runs, with the lowest and highest." : "One run.").AppendLine();
        text.AppendLine("| phase | figure | median | min | max | unit | aim |");
        text.AppendLine("|---|---|---:|---:|---:|---|---|");
        foreach (var row in rows)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {row.Phase} | {row.Name} | {Format(row.Median)} | {Format(row.Min)} | {Format(row.Max)} | {row.Unit} | {row.Aim ?? ""} |")
                .AppendLine();
        }

        return text.ToString();
    }

    public static string Console(IReadOnlyList<Summary> rows)
    {
        var header = new[] { "phase", "figure", "median", "min", "max", "unit", "aim" };
        var cells = rows.Select(r => new[] { r.Phase, r.Name, Format(r.Median), Format(r.Min), Format(r.Max), r.Unit, r.Aim ?? "" }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(string[] row)
        {
            for (var i = 0; i < row.Length; i++)
            {
                var cell = i is 2 or 3 or 4 ? row[i].PadLeft(widths[i]) : row[i].PadRight(widths[i]);
                text.Append(cell).Append(i == row.Length - 1 ? "" : "  ");
            }

            text.AppendLine();
        }

        Line(header);
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in cells)
            Line(row);
        return text.ToString();
    }
}
