using System.Globalization;
using System.Text;

namespace Tangle.Sdk.Http;

/// <summary>A query string under construction; absent (<c>null</c>) values are left out, names may repeat.</summary>
internal sealed class Query
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    public bool IsEmpty => _pairs.Count == 0;

    public Query Add(string name, string? value)
    {
        if (value is not null)
            _pairs.Add(new(name, value));
        return this;
    }

    public Query Add(string name, long? value) =>
        Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public Query Add(string name, bool? value) => Add(name, value switch
    {
        true => "true",
        false => "false",
        null => null,
    });

    public Query AddEach(string name, IEnumerable<string>? values)
    {
        foreach (var value in values ?? [])
            Add(name, value);
        return this;
    }

    /// <summary>The encoded query with its leading <c>?</c>, or the empty string.</summary>
    public override string ToString()
    {
        if (_pairs.Count == 0)
            return string.Empty;
        var builder = new StringBuilder();
        foreach (var (name, value) in _pairs)
        {
            builder.Append(builder.Length == 0 ? '?' : '&');
            builder.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }
}
