namespace Tangle.Grains;

/// <summary>
/// A refusal the client should see: a Matrix errcode with its HTTP status. Grains throw it; the
/// gateway renders it as the specification's error JSON.
/// </summary>
[GenerateSerializer]
public sealed class MatrixException : Exception
{
    public MatrixException(string errCode, string message, int status = 400, long? retryAfterMs = null)
        : base(message)
    {
        ErrCode = errCode;
        Status = status;
        RetryAfterMs = retryAfterMs;
    }

    [Id(0)]
    public string ErrCode { get; }

    [Id(1)]
    public int Status { get; }

    [Id(2)]
    public long? RetryAfterMs { get; }

    public static MatrixException Forbidden(string message) => new(Matrix.ErrCode.Forbidden, message, 403);

    public static MatrixException NotFound(string message) => new(Matrix.ErrCode.NotFound, message, 404);

    public static MatrixException BadJson(string message) => new(Matrix.ErrCode.BadJson, message, 400);

    public static MatrixException InvalidParam(string message) => new(Matrix.ErrCode.InvalidParam, message, 400);
}
