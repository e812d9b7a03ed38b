"""Common forms a camera stream's secret takes in its URL (issue 18), each with the secret XmPw0rd9."""

SECRET_FORMS = [  # issue 18: common forms a stream's secret takes, each shown in clear before
    "rtsp://192.168.1.30/user=admin&password=XmPw0rd9&channel=1&stream=0.sdp",  # XMEye / NetSurveillance
    "rtsp://192.168.1.30:554/user=admin_password=XmPw0rd9_channel=1_stream=0.sdp",
    "rtsp://192.168.1.30/live?passphrase=XmPw0rd9",
    "http://192.168.1.30/video.cgi?user_pw=XmPw0rd9&resolution=640",
    "rtsp://XmPw0rd9@192.168.1.30/stream1",  # a bare key as user info
    "rtsp://admin:XmPw0rd9@192.168.1.30/h264Preview_01_main",
    "http://192.168.1.30/api/XmPw0rd9abcdef0123/stream.m3u8",  # a token in the path
    "rtsp://192.168.1.30/live?XmPw0rd9",
]
