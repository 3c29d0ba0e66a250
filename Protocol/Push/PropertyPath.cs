using System.Text;
using System.Text.Json;

namespace Tangle.Protocol.Push;

/// <summary>
/// The appendix's dot-separated property paths: <c>content.m\.relates_to</c> names the property
/// "m.relates_to" of "content". A backslash escapes a dot or a backslash; any other backslash is literal.
/// </summary>
public static class PropertyPath
{
    /// <summary>The property names a path is made of.</summary>
    public static IReadOnlyList<string> Split(string path)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '\\' && i + 1 < path.Length && path[i + 1] is '.' or '\\')
            {
                current.Append(path[++i]);
            }
            else if (c == '.')
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }

    /// <summary>The value at a path, following objects only; null when any step is missing.</summary>
    public static JsonElement? Resolve(JsonElement root, IReadOnlyList<string> path)
    {
        var current = root;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out var next))
                return null;
            current = next;
        }

        return current;
    }
}
