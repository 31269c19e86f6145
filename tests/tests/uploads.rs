//! Uploads over a real socket: the example's `POST /projects/{org}/{project}/recordings/`
//! declares `max_size = "10 MB", content_types = ["application/json"]`. A file within
//! them is stored (as the body, or as the `file` part of a multipart body); a larger one
//! is a 413 and a file of another type a 415, each with the error body; a body that runs
//! over is refused at the chunk that does, without the rest being read; the document
//! shows the `requestBody`, its media types, the limit and both errors.

mod common;

use std::time::Duration;

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const RECORDINGS: &str = "/api/0/projects/acme/backend/recordings/";
const TOKEN: &str = "demo-alice-admin";
const MAX_SIZE: usize = 10_000_000;
const BOUNDARY: &str = "guidepost-test-boundary";

/// A `multipart/form-data` body with one part.
fn multipart(name: &str, file_name: &str, content_type: &str, data: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn post(base: &str, content_type: Option<&str>, body: Vec<u8>) -> (StatusCode, Value) {
    let mut request = Client::new()
        .post(format!("{base}{RECORDINGS}"))
        .bearer_auth(TOKEN)
        .body(body);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn sha256(data: &[u8]) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(data))
}

#[tokio::test]
async fn a_file_within_the_limits_is_stored_as_the_body_or_as_a_multipart_part() {
    let base = common::start().await;
    let recording = br#"{"events": [{"type": 2, "timestamp": 1767225600000}]}"#;

    let (status, body) = post(&base, Some("application/json"), recording.to_vec()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["contentType"], "application/json");
    assert_eq!(body["size"], recording.len());
    assert_eq!(body["sha256"], sha256(recording));
    assert_eq!(body["fileName"], Value::Null);

    // Parameters on the media type are fine (whitespace before `;` too, RFC 9110
    // §5.6.6); the type is what counts.
    for content_type in [
        "application/json; charset=utf-8",
        "Application/JSON ; charset=utf-8",
    ] {
        let (status, _) = post(&base, Some(content_type), recording.to_vec()).await;
        assert_eq!(status, StatusCode::CREATED, "{content_type}");
    }

    let form = multipart("file", "segment-0.json", "application/json", recording);
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let (status, body) = post(&base, Some(&content_type), form).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["fileName"], "segment-0.json");
    assert_eq!(body["sha256"], sha256(recording));

    // Exactly the limit is within it.
    let full = vec![b' '; MAX_SIZE];
    let (status, body) = post(&base, Some("application/json"), full).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["size"], MAX_SIZE);
}

#[tokio::test]
async fn a_larger_file_is_413_and_another_type_415_with_the_error_body() {
    let base = common::start().await;
    let multipart_type = format!("multipart/form-data; boundary={BOUNDARY}");

    // One byte over, declared by Content-Length: refused before it is read.
    let (status, body) = post(&base, Some("application/json"), vec![b' '; MAX_SIZE + 1]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["error"]["code"], "PAYLOAD_TOO_LARGE");
    assert_eq!(body["error"]["details"]["maxSize"], MAX_SIZE);
    // The same as a multipart part: the part's own limit.
    let form = multipart(
        "file",
        "big.json",
        "application/json",
        &vec![b' '; MAX_SIZE + 1],
    );
    let (status, body) = post(&base, Some(&multipart_type), form).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["error"]["details"]["maxSize"], MAX_SIZE);

    let unsupported = [
        (Some("text/plain"), b"hello".to_vec(), "text/plain"),
        (Some("application/xml"), b"<a/>".to_vec(), "application/xml"),
        (None, b"{}".to_vec(), "no Content-Type"),
        (
            Some(multipart_type.as_str()),
            multipart("file", "shot.png", "image/png", b"\x89PNG"),
            "image/png",
        ),
        // A part without a type is `application/octet-stream` (RFC 7578 §4.4).
        (
            Some(multipart_type.as_str()),
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\n{{}}\r\n--{BOUNDARY}--\r\n"
            )
            .into_bytes(),
            "application/octet-stream",
        ),
    ];
    for (content_type, data, named) in unsupported {
        let (status, body) = post(&base, content_type, data).await;
        assert_eq!(
            status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{named}: {body}"
        );
        assert_eq!(body["error"]["code"], "UNSUPPORTED_MEDIA_TYPE");
        assert_eq!(
            body["error"]["details"]["accepted"],
            json!(["application/json"])
        );
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(named), "{message}");
    }

    // A coded body would be measured and stored as its coding: 415 (RFC 9110 §15.5.16).
    let response = Client::new()
        .post(format!("{base}{RECORDINGS}"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(b"\x1f\x8b".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(response.headers()["accept-encoding"], "identity");
    // A range is no type, and a type that does not parse is named as it was sent.
    for (content_type, named) in [
        ("application/*", "application/*"),
        ("application / json", "application / json"),
    ] {
        let (status, body) = post(&base, Some(content_type), b"{}".to_vec()).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(named), "{message}");
    }
    let form = multipart("file", "a.json", "application/json;;", b"{}");
    let (status, body) = post(&base, Some(&multipart_type), form).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("application/json;;")
    );

    // A multipart body that is no upload: 400, naming what is wrong — before the file,
    // after it, or in place of its end.
    let file_then = |rest: &str| {
        let mut body = multipart("file", "a.json", "application/json", b"{}");
        body.truncate(body.len() - format!("--{BOUNDARY}--\r\n").len());
        body.extend_from_slice(rest.as_bytes());
        body
    };
    let malformed = [
        (
            multipart("notes", "a.json", "application/json", b"{}"),
            "`notes`",
        ),
        (format!("--{BOUNDARY}--\r\n").into_bytes(), "no `file` part"),
        (
            file_then(&format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--{BOUNDARY}--\r\n"
            )),
            "part `other`",
        ),
        (
            file_then(&format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b\"\r\nContent-Type: application/json\r\n\r\n[]\r\n--{BOUNDARY}--\r\n"
            )),
            "`file` after `file`",
        ),
    ];
    for (data, named) in malformed {
        let (status, body) = post(&base, Some(&multipart_type), data).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{named}: {body}");
        assert_eq!(body["error"]["code"], "INVALID_MULTIPART");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(named), "{message}");
    }
    // A form that breaks off where its closing boundary should be, or never begins: the
    // body ended before the form did.
    for data in [
        file_then(&format!("--{BOUNDARY}\r\ngarbage")),
        b"not multipart at all".to_vec(),
    ] {
        let (status, body) = post(&base, Some(&multipart_type), data).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"]["code"], "INCOMPLETE_BODY");
    }
    // RFC 7578 §4.7: no transfer encoding in a form part (it would be stored encoded).
    let mut encoded = multipart("file", "a.json", "application/json", b"e30=");
    let at = encoded
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap();
    encoded.splice(
        at..at,
        b"\r\nContent-Transfer-Encoding: base64".iter().copied(),
    );
    let (status, body) = post(&base, Some(&multipart_type), encoded).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Content-Transfer-Encoding: base64"),
        "{body}"
    );
    // Whitespace before the boundary parameter, as RFC 9110 allows.
    let (status, body) = post(
        &base,
        Some(&format!("multipart/form-data ; boundary={BOUNDARY}")),
        multipart("file", "a.json", "application/json", b"{}"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // A coding on a second header line counts as much as on the first.
    let response = Client::new()
        .post(format!("{base}{RECORDINGS}"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .header("content-encoding", "identity")
        .header("content-encoding", "gzip")
        .body(b"{}".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (status, body) = post(&base, Some("multipart/form-data"), b"x".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["code"], "INVALID_MULTIPART");

    // Nothing of the refused uploads was stored: the next id follows the one stored above.
    let (status, first) = post(&base, Some("application/json"), b"{}".to_vec()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(first["id"], "2", "{first}");
}

/// A chunked body with no `Content-Length`, far larger than the limit, written over a
/// raw socket: the server answers 413 once the file passes 10 MB and stops reading, so
/// the client cannot send the rest. (What it did read was at most the limit plus the
/// last chunk; what the client wrote beyond that sits in the sockets' buffers.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_runs_over_is_refused_at_the_chunk_that_does_and_not_read_further() {
    let base = common::start().await;
    let address = base.trim_start_matches("http://").to_owned();
    let stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST {RECORDINGS} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    writer.write_all(head.as_bytes()).await.unwrap();
    const INTENDED: usize = 200_000_000;
    let writing = tokio::spawn(async move {
        let chunk = vec![b' '; 64 * 1024];
        let mut written = 0;
        while written < INTENDED {
            let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
            if writer.write_all(&framed).await.is_err() {
                break;
            }
            written += chunk.len();
        }
        written
    });
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    // The answer comes while the client is still writing.
    let read = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            match reader.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buffer[..n]),
            }
            if answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.ends_with(b"}}") {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within 30 s");
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("\"PAYLOAD_TOO_LARGE\""), "{text}");
    drop(reader);
    let written = tokio::time::timeout(Duration::from_secs(30), writing)
        .await
        .expect("the server stops reading, and the writer fails")
        .unwrap();
    assert!(
        written < INTENDED / 4,
        "the client wrote {written} bytes: the server kept reading past the limit"
    );
}

#[tokio::test]
async fn the_document_shows_the_upload_its_types_limit_and_errors() {
    let base = common::start().await;
    let public = common::public_document(&base).await;
    let operation = &public["paths"]["/api/0/projects/{org}/{project}/recordings/"]["post"];
    assert_eq!(operation["operationId"], "upload_recording", "{operation}");
    assert_eq!(operation["x-max-size"], MAX_SIZE);
    let content = &operation["requestBody"]["content"];
    assert!(content["application/json"].is_object(), "{content}");
    let form = &content["multipart/form-data"];
    assert_eq!(form["schema"]["required"], json!(["file"]), "{form}");
    assert_eq!(form["encoding"]["file"]["contentType"], "application/json");
    assert_eq!(operation["requestBody"]["required"], true);
    for status in ["201", "413", "415"] {
        assert!(operation["responses"][status].is_object(), "{status}");
    }
}

#[tokio::test]
async fn another_tenants_project_is_404_before_a_byte_is_read() {
    let base = common::start().await;
    // Dave owns initech; acme/backend is not his to see.
    let response = Client::new()
        .post(format!("{base}{RECORDINGS}"))
        .bearer_auth("demo-dave-admin")
        .header("content-type", "application/json")
        .body(vec![b' '; MAX_SIZE + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// A client that stops sending mid-file is told 408 (its doing: RFC 9110 §15.5.9) when
/// the request timeout passes, with `Connection: close` and no `Retry-After` — not the
/// 503 "try again" of a server that was too slow.
#[tokio::test]
async fn a_stalled_upload_is_408_not_503() {
    let base = common::start_with(|api| api.request_timeout(Duration::from_millis(300))).await;
    let address = base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST {RECORDINGS} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"a\""
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server still holds the stalled upload");
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("\"REQUEST_BODY_TIMEOUT\""), "{text}");
    assert!(
        text.to_ascii_lowercase().contains("connection: close"),
        "{text}"
    );
    assert!(!text.to_ascii_lowercase().contains("retry-after"), "{text}");
}
