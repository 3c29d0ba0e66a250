using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Tangle.Grains;
using Tangle.Grains.Matrix;
using Tangle.Protocol;
using Tangle.Protocol.Json;

namespace Tangle.Gateway.Http;

/// <summary>Reads request bodies as Matrix expects: strict JSON, bounded size, errors as the spec's codes.</summary>
internal static class RequestBodies
{
    /// <summary>The most a JSON request body may hold (an event is at most 64 KiB; key uploads are larger).</summary>
    public const int MaxJsonBytes = 1024 * 1024;

    /// <summary>
    /// Reads the body as a JSON object; an empty body reads as <c>{}</c> when allowed. Numbers are not
    /// held to canonical JSON here (tag orders and account data may be floats); event content is, by the
    /// room version, when the event is built.
    /// </summary>
    public static async Task<JsonElement> ReadObjectAsync(this HttpRequest request, bool allowEmpty = false)
    {
        var bytes = await ReadBytesAsync(request.BodyReader, MaxJsonBytes);
        if (bytes.Length == 0 && allowEmpty)
            return JsonDocument.Parse("{}").RootElement.Clone();
        var parsed = StrictJson.ParseObject(bytes, NumberPolicy.Lenient);
        if (parsed.IsOk)
            return parsed.Value;
        throw parsed.Error.Kind switch
        {
            ProtocolErrorKind.NotJson => new MatrixException(ErrCode.NotJson, parsed.Error.Message, 400),
            _ => new MatrixException(ErrCode.BadJson, parsed.Error.Message, 400),
        };
    }

    private static async Task<byte[]> ReadBytesAsync(PipeReader reader, int limit)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                if (buffer.WrittenCount + segment.Length > limit)
                    throw new MatrixException(ErrCode.TooLarge, "request body is too large", 413);
                buffer.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
                return buffer.WrittenSpan.ToArray();
        }
    }

    public static string? String(this JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw MatrixException.BadJson($"{name} must be a string"),
        } : null;

    public static string RequiredString(this JsonElement body, string name) =>
        body.String(name) ?? throw MatrixResults.MissingParam(name);

    public static bool? Bool(this JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw MatrixException.BadJson($"{name} must be a boolean"),
        } : null;

    public static long? Long(this JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.Null => null,
            _ => throw MatrixException.BadJson($"{name} must be an integer"),
        } : null;

    public static JsonElement? Object(this JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.Object => value,
            JsonValueKind.Null => null,
            _ => throw MatrixException.BadJson($"{name} must be an object"),
        } : null;

    public static IReadOnlyList<string>? StringArray(this JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw MatrixException.BadJson($"{name} must be an array of strings");
        return value.EnumerateArray().Select(e => e.GetString()!).ToList();
    }
}
