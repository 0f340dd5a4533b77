#include "libphoto/core/error_codes.hpp"

#include <cerrno>
#include <cstring>
#include <iterator>

#include "libphoto/core/error.hpp"

namespace photo {

namespace {

constexpr ErrcInfo kTable[] = {
    {Errc::io_read, "io.read", "无法读取文件"},
    {Errc::io_write, "io.write", "无法写入输出文件"},
    {Errc::image_decode, "image.decode", "图片已损坏或不完整"},
    {Errc::image_format, "image.format", "不是可读取的图片格式"},
    {Errc::image_too_large, "image.too_large", "图片尺寸过大"},
    {Errc::image_encode, "image.encode", "无法编码输出图片"},
    {Errc::archive_read, "archive.read", "无法读取压缩包"},
    {Errc::archive_write, "archive.write", "无法写入压缩包"},
    {Errc::roster_invalid, "roster.invalid", "名单无法使用"},
    {Errc::roster_encoding, "roster.encoding", "名单的文字编码无法识别"},
    {Errc::preset_invalid, "preset.invalid", "规格文件有误"},
    {Errc::preset_unknown, "preset.unknown", "没有这个规格"},
    {Errc::naming_pattern, "naming.pattern", "命名模板有误"},
    {Errc::model_load, "model.load", "无法读取人脸特征点模型"},
    {Errc::model_detect, "model.detect", "人脸检测失败"},
    {Errc::usage_output, "usage.output", "输出路径不可用"},
    {Errc::usage_background, "usage.background", "颜色写法不对"},
    {Errc::usage_accept, "usage.accept", "该检查项不能人工接受"},
    {Errc::usage_shard, "usage.shard", "--shard 写法不对"},
    {Errc::usage_layout, "usage.layout", "排版类型不对"},
    {Errc::usage_inputs, "usage.inputs", "照片数量超过排版位置"},
    {Errc::layout_invalid, "layout.invalid", "排版文件有误"},
    {Errc::layout_unknown, "layout.unknown", "没有这个排版"},
    {Errc::layout_kind, "layout.kind", "排版类型不对"},
    {Errc::sheet_empty, "sheet.empty", "没有可排版的照片"},
    {Errc::sheet_manifest, "sheet.manifest", "不是 bundle 生成的清单"},
    {Errc::sheet_pdf, "sheet.pdf", "无法生成 PDF"},
    {Errc::sheet_font, "sheet.font", "无法选择字体"},
};

}  // namespace

const ErrcInfo* errc_table(std::size_t* count) {
    *count = std::size(kTable);
    return kTable;
}

const char* to_string(Errc errc) { return kTable[static_cast<std::size_t>(errc)].code; }
const char* headline_zh(Errc errc) { return kTable[static_cast<std::size_t>(errc)].zh; }

std::string errno_text_zh(int err) {
    switch (err) {
        case ENOENT: return "文件或文件夹不存在";
        case EACCES:
        case EPERM: return "没有权限";
        case EISDIR: return "这是文件夹";
        case ENOTDIR: return "路径中有一段不是文件夹";
        case ENOSPC: return "磁盘已满";
        case EROFS: return "磁盘只读";
        case EDQUOT: return "磁盘配额已满";
        case EIO: return "读写出错（磁盘或网络盘故障）";
        default: return "系统错误 " + std::to_string(err) + "（" + std::strerror(err) + "）";
    }
}

std::string error_message(const std::exception& e, Lang lang) {
    const auto* error = dynamic_cast<const Error*>(&e);
    if (lang == Lang::en || !error) return e.what();
    if (!error->message_zh().empty()) return error->message_zh();
    return std::string(headline_zh(error->errc())) + "：" + e.what();
}

}  // namespace photo
