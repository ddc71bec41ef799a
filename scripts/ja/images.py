# ruff: noqa: E501 - a translation table reads best one string per line
"""Japanese for images in the chat (ui/chat/attachments.py, attach_wiring.py, image_thumbs.py),
the context meter's images share and the model manager's vision badges."""

JA = {
    "Attached images": "添付した画像",
    "pasted image": "貼り付けた画像",
    "At most %1 images per message.": "1 つのメッセージに添付できる画像は %1 枚までです。",
    "%1 was not attached: %2": "%1 は添付されませんでした: %2",
    "Remove this image": "この画像を外す",
    "Remove %1": "%1 を外す",
    "; images %1": "、画像 %1",
    "Sees images: its projector %1 is downloaded with it": "画像が見えます: プロジェクター %1 も一緒にダウンロードされます",
    "Attach images (or paste, or drop them on the window)": "画像を添付（貼り付けやウィンドウへのドロップでも可）",
    "Load a vision model to attach images": "画像を添付するにはビジョンモデルを読み込んでください",
    "%1 cannot see images: load a vision model with its projector (mmproj) to attach them": "%1 は画像を見られません。画像を添付するには、プロジェクター（mmproj）付きのビジョンモデルを読み込んでください",
    "Attach images": "画像を添付",
    "Images (*.png *.jpg *.jpeg *.webp *.gif)": "画像 (*.png *.jpg *.jpeg *.webp *.gif)",
    "The images are still being prepared.": "画像をまだ準備しています。",
    "Image": "画像",
    "This image cannot be shown.": "この画像は表示できません。",
    "Sees images with %1 (loaded with it)": "%1 で画像が見えます（一緒に読み込まれます）",
    "vision": "ビジョン",
    "vision projector": "ビジョン用プロジェクター",
    "it says it is %1 × %2 pixels; at most %3 megapixels are accepted": "%1 × %2 ピクセルと記されています。受け付けるのは %3 メガピクセルまでです",
    "it is %1 MB; at most %2 MB is accepted": "%1 MB あります。受け付けるのは %2 MB までです",
    "it is not a PNG, JPEG, WebP or GIF image": "PNG、JPEG、WebP、GIF のいずれの画像でもありません",
    "the image is damaged": "画像が壊れています",
}
