// idphoto matte IN -o OUT.png: the alpha matte (or the photo on a new backdrop), uncropped.

#include "cli/common.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/department/originals.hpp"
#include "libphoto/io/encode_png.hpp"
#include "libphoto/io/image_io.hpp"
#include "libphoto/matte/matte.hpp"
#include "libphoto/analysis/preset.hpp"

namespace cli {

namespace {
struct MatteArgs {
    std::string input, output, composite, landmarks;
};

int run_matte(const MatteArgs& args) {
    try {
        photo::Originals original;
        original.add(args.input);
        original.refuse_output(args.output);
        photo::check_output_extension(args.output, "png");
        std::optional<cv::Scalar> color;
        if (!args.composite.empty()) {
            color = photo::parse_hex_color(args.composite);
            if (!color) throw photo::Error(photo::Errc::usage_background, "--composite takes a colour like #64C5FF");
        }
        photo::LoadedImage image = photo::load_image(args.input);  // full size: the matte matches the input
        const auto faces = face_model(args.landmarks)->detect(image.bgr);
        std::optional<photo::Face> seed;
        if (!faces.empty()) seed = faces.front();
        const photo::Matte matte = photo::compute_matte(image.bgr, seed);
        const cv::Rect2d whole(0, 0, image.bgr.cols, image.bgr.rows);
        const cv::Mat alpha = photo::matte_alpha(matte, image.bgr, whole);
        cv::Mat out;
        if (color)
            out = photo::composite(image.bgr, alpha, photo::matte_backdrop(matte, image.bgr.size(), whole), *color);
        else
            alpha.convertTo(out, CV_8U, 255.0);
        photo::write_file_atomic(args.output, photo::encode_png(out));
    } catch (const std::exception& e) {
        print_error(args.input, e, photo::lang_from_locale());
        return kError;
    }
    return kOk;
}
}  // namespace

void register_matte(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<MatteArgs>();
    CLI::App* cmd = app.add_subcommand("matte", tr("输出整张照片的人像蒙版（8 位 PNG，与输入同尺寸），\n"
                                                   "或用 --composite 输出换了背景但未裁剪的照片。",
                                                   "Write the alpha matte of the whole photo (8-bit PNG, input size),\n"
                                                   "or with --composite the uncropped photo on a new backdrop."));
    cmd->add_option("input", args->input, tr("照片（- 表示标准输入）", "Photo (- for stdin)"))->required();
    cmd->add_option("-o,--output", args->output, tr("输出的 PNG（- 表示标准输出）", "PNG to write (- for stdout)"))->required();
    cmd->add_option("--composite", args->composite,
                    tr("改为输出换成这个背景色（#RRGGBB）的照片", "Write the photo on this backdrop colour (#RRGGBB) instead"));
    add_landmarks_option(cmd, args->landmarks);
    cmd->callback([args, &exit_code] { exit_code = run_matte(*args); });
}

}  // namespace cli
