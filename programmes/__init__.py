"""The programmes the counties run on top of forms, cases and documents (issue 13): 便民服务 with certificates on
request, 星级文明户 with review and public notice, 红黑榜, 移风易俗 banquet declarations. One package per programme."""
