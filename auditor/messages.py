"""User-facing message catalogue: Chinese by default, English with ``--lang en``."""

from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

MESSAGES: dict[str, dict[str, str]] = {
    # read errors: one line each, always naming the file
    "read.not-found": {"zh": "{path}：文件不存在", "en": "{path}: file not found"},
    "read.is-directory": {"zh": "{path}：这是一个目录，不是文件", "en": "{path}: is a directory, not a file"},
    "read.not-regular": {"zh": "{path}：不是普通文件（管道、设备或套接字），不读取",
                         "en": "{path}: not a regular file (a pipe, device or socket); not read"},
    "read.permission-denied": {"zh": "{path}：没有读取权限", "en": "{path}: permission denied"},
    "read.empty-file": {"zh": "{path}：文件为空，没有可检查的内容", "en": "{path}: the file is empty; nothing to check"},
    "read.not-text": {
        "zh": "{path}：不是文本文件（含有二进制内容）",
        "en": "{path}: not a text file (it holds binary data)",
    },
    "read.undecodable": {
        "zh": "{path}：无法识别文本编码（已尝试 UTF-8、UTF-16、GB18030/GBK）",
        "en": "{path}: unknown text encoding (tried UTF-8, UTF-16, GB18030/GBK)",
    },
    "read.corrupt-docx": {
        "zh": "{path}：Word 文件已损坏或不完整，无法打开（{detail}）",
        "en": "{path}: the Word file is corrupt or truncated and cannot be opened ({detail})",
    },
    "read.not-docx": {
        "zh": "{path}：这是一个 ZIP 压缩包，但不是 Word (.docx) 文档",
        "en": "{path}: this is a ZIP archive, but not a Word (.docx) document",
    },
    "read.corrupt-pdf": {
        "zh": "{path}：PDF 文件已损坏或不完整，无法打开（{detail}）",
        "en": "{path}: the PDF is corrupt or truncated and cannot be opened ({detail})",
    },
    "read.encrypted-pdf": {
        "zh": "{path}：PDF 已加密（需要密码），请提供未加密的版本",
        "en": "{path}: the PDF is encrypted (password required); provide an unencrypted copy",
    },
    "read.no-text-layer": {
        "zh": "{path}：PDF 没有文字层（可能是扫描件），需要先进行 OCR 文字识别",
        "en": "{path}: the PDF has no text layer (probably scanned); it needs OCR first",
    },
    "read.legacy-format": {
        "zh": "{path}：无法读取旧版 {ext} 格式（{reason_text}），请先转换为 .docx，例如：soffice --headless --convert-to docx \"{name}\"",
        "en": "{path}: cannot read the old {ext} format ({reason_text}); convert it to .docx first, e.g. "
        "soffice --headless --convert-to docx \"{name}\"",
    },
    "read.corrupt-xlsx": {
        "zh": "{path}：Excel 文件已损坏或不完整，无法打开（{detail}）",
        "en": "{path}: the Excel file is corrupt or truncated and cannot be opened ({detail})",
    },
    "read.unsupported-type": {
        "zh": "{path}：不支持的文件类型 {ext}（支持 .docx、.pdf、.txt、.md、.xlsx、.doc、.wps）",
        "en": "{path}: unsupported file type {ext} (supported: .docx, .pdf, .txt, .md, .xlsx, .doc, .wps)",
    },
    "read.mismatched-type": {
        "zh": "{path}：扩展名是 {ext}，但文件内容是 {actual}，请改正扩展名",
        "en": "{path}: the extension is {ext} but the content is {actual}; rename the file",
    },
    "read.timeout": {
        "zh": "{path}：检查超过 {seconds} 秒仍未完成，已跳过（可用 --timeout 调整）",
        "en": "{path}: checking took longer than {seconds} s and was stopped (see --timeout)",
    },
    "read.too-large": {
        "zh": "{path}：文件过大（{detail}），超出可检查的上限",
        "en": "{path}: the file is too large to check ({detail})",
    },
    "read.internal": {
        "zh": "{path}：检查时发生内部错误（{detail}），请向维护者报告",
        "en": "{path}: internal error while checking ({detail}); please report it",
    },
    # CLI
    "cli.no-files": {"zh": "在 {path} 中没有找到可检查的文件", "en": "no files to check in {path}"},
    "cli.summary": {
        "zh": "共检查 {files} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 个提示{unreadable_part}",
        "en": "{files} file(s) checked: {errors} error(s), {warnings} warning(s), {infos} info{unreadable_part}",
    },
    "cli.unreadable-part": {"zh": "，{unreadable} 个文件无法读取", "en": ", {unreadable} file(s) unreadable"},
    "cli.clean": {"zh": "全部通过，未发现问题。", "en": "All checked; no findings."},
    "severity.error": {"zh": "错误", "en": "error"},
    "severity.warning": {"zh": "警告", "en": "warning"},
    "severity.info": {"zh": "提示", "en": "info"},
}


def message(key: str, lang: str = DEFAULT_LANG, **params) -> str:
    entry = MESSAGES[key]
    template = entry.get(lang) or entry[DEFAULT_LANG]
    return template.format(**params)
