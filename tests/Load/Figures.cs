namespace Tangle.Load;

/// <summary>One measured figure of one run.</summary>
internal sealed record Figure(string Phase, string Name, double Value, string Unit, string? Aim = null);

/// <summary>The figures of one run, in the order they were measured.</summary>
internal sealed class RunFigures
{
    private readonly List<Figure> _figures = [];

    public IReadOnlyList<Figure> All => _figures;

    public void Add(string phase, string name, double value, string unit, string? aim = null)
    {
        _figures.Add(new Figure(phase, name, value, unit, aim));
        Console.WriteLine($"  {phase,-28} {name,-36} {Report.Format(value)} {unit}");
    }
}

/// <summary>A figure across runs: its median, lowest and highest.</summary>
internal sealed record Summary(string Phase, string Name, string Unit, string? Aim, double Median, double Min, double Max, int Runs)
{
    public static IReadOnlyList<Summary> Of(IReadOnlyList<RunFigures> runs)
    {
        var order = new List<(string Phase, string Name)>();
        var values = new Dictionary<(string, string), List<Figure>>();
        foreach (var figure in runs.SelectMany(r => r.All))
        {
            var key = (figure.Phase, figure.Name);
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
                order.Add(key);
            }

            list.Add(figure);
        }

        return order.Select(key =>
        {
            var list = values[key];
            var numbers = list.Select(f => f.Value).Where(v => !double.IsNaN(v)).ToList();
            return new Summary(key.Phase, key.Name, list[0].Unit, list[0].Aim,
                MedianOf(numbers), numbers.Count == 0 ? double.NaN : numbers.Min(), numbers.Count == 0 ? double.NaN : numbers.Max(), list.Count);
        }).ToList();
    }

    private static double MedianOf(List<double> values)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
