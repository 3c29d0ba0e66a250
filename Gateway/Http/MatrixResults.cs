using System.Text.Json;
using Tangle.Grains;
using Tangle.Grains.Matrix;

namespace Tangle.Gateway.Http;

/// <summary>Responses in the shapes the Client-Server API uses.</summary>
internal static class MatrixResults
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The specification's error body, <c>{"errcode", "error"}</c>, with the given status.</summary>
    public static IResult Error(int status, string errcode, string message, long? retryAfterMs = null, IDictionary<string, object?>? extra = null)
    {
        var body = new Dictionary<string, object?> { ["errcode"] = errcode, ["error"] = message };
        if (retryAfterMs is { } wait)
            body["retry_after_ms"] = wait;
        foreach (var (key, value) in extra ?? new Dictionary<string, object?>())
            body[key] = value;
        return Results.Json(body, Options, statusCode: status);
    }

    public static IResult From(MatrixException e) => Error(e.Status, e.ErrCode, e.Message, e.RetryAfterMs);

    public static IResult Empty() => Results.Json(new Dictionary<string, object>(), Options);

    public static IResult Json(object value) => Results.Json(value, Options);

    /// <summary>A response written directly with a <see cref="Utf8JsonWriter"/>, for bodies that embed events.</summary>
    public static IResult Write(Action<Utf8JsonWriter> write, int status = 200) => new WriterResult(write, status);

    public static MatrixException MissingParam(string name) => new(ErrCode.MissingParam, $"{name} is required", 400);

    private sealed class WriterResult(Action<Utf8JsonWriter> write, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, new JsonWriterOptions { SkipValidation = false }))
                write(writer);
            await context.Response.BodyWriter.FlushAsync();
        }
    }
}
