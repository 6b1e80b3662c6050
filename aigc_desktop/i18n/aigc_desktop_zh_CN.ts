<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>About</name>
        <message>
            <location filename="../ui/about.py" line="29" />
            <source>Teach an image generator from your own pictures, then generate, curate and improve images. Works offline.</source>
            <translation>用您自己的图片训练图像生成器，然后生成、挑选和改进图像。完全离线运行。</translation>
        </message>
        <message>
            <location filename="../ui/about.py" line="31" />
            <source>Device in use</source>
            <translation>当前使用的设备</translation>
        </message>
        <message>
            <location filename="../ui/about.py" line="35" />
            <source>About AIGC Desktop</source>
            <translation>关于 AIGC Desktop</translation>
        </message>
    </context>
    <context>
        <name>AdjustPanel</name>
        <message>
            <location filename="../ui/feedback/adjust.py" line="26" />
            <source>1  Steer sampling (instant)</source>
            <translation>1  引导采样（即时）</translation>
        </message>
        <message>
            <location filename="../ui/feedback/adjust.py" line="28" />
            <source>Learns from your ratings which random starting points give images you like, and draws new images from there; the model itself is not changed.</source>
            <translation>从您的评分中学习哪些随机起点能生成您喜欢的图像，并从那里生成新图像；模型本身不会改变。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/adjust.py" line="35" />
            <source>How far to pull toward what you liked. Stronger gives more liked images but less variety.</source>
            <translation>向您喜欢的图像靠拢的程度。越强，喜欢的图像越多，但多样性越少。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/adjust.py" line="38" />
            <source>Steer toward liked images</source>
            <translation>向喜欢的图像引导</translation>
        </message>
        <message>
            <location filename="../ui/feedback/adjust.py" line="40" />
            <source>Make a steered version of the model in use. Needs images of it rated good and bad.</source>
            <translation>为当前使用的模型生成一个引导版本。需要它的图像中既有评为好的，也有评为差的。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/adjust.py" line="44" />
            <source>Strength</source>
            <translation>强度</translation>
        </message>
        <message>
            <location filename="../ui/feedback/adjust.py" line="50" />
            <source>2  Fine-tune (minutes)</source>
            <translation>2  微调（几分钟）</translation>
        </message>
        <message>
            <location filename="../ui/feedback/adjust.py" line="52" />
            <source>Trains the model a little longer with your ratings: liked images count as extra examples, disliked ones as mistakes to avoid. The Training tab shows it live.</source>
            <translation>用您的评分让模型再训练一会儿：喜欢的图像作为额外的样例，不喜欢的作为要避免的错误。训练页会实时显示过程。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/adjust.py" line="61" />
            <source>How many training steps. A few hundred take a minute or two on a CPU with the quick preset.</source>
            <translation>训练多少步。使用快速预设时，几百步在 CPU 上需要一两分钟。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/adjust.py" line="62" />
            <source>Fine-tune with ratings</source>
            <translation>用评分微调</translation>
        </message>
        <message>
            <location filename="../ui/feedback/adjust.py" line="64" />
            <location filename="../ui/feedback/adjust.py" line="83" />
            <source>Make a fine-tuned version of the model in use. Needs images rated good and bad.</source>
            <translation>为当前使用的模型生成一个微调版本。需要既有评为好的图像，也有评为差的图像。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/adjust.py" line="68" />
            <source>Steps</source>
            <translation>步数</translation>
        </message>
        <message>
            <location filename="../ui/feedback/adjust.py" line="84" />
            <source>Wait until the training in the Training tab has finished.</source>
            <translation>请等待训练页中的训练结束。</translation>
        </message>
    </context>
    <context>
        <name>BatchControls</name>
        <message>
            <location filename="../ui/feedback/layout.py" line="33" />
            <source>How many images each batch has.</source>
            <translation>每批包含多少张图像。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="34" />
            <source>New batch  (N)</source>
            <translation>新一批  (N)</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="35" />
            <source>Make a fresh batch of images with the model version in use.</source>
            <translation>用当前使用的模型版本生成一批新图像。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="38" />
            <source>For a model trained by class: rate pictures of one class only, or of all classes in turn.</source>
            <translation>适用于按类别训练的模型：只给某一类别的图片评分，或轮流给所有类别评分。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="42" />
            <source>Images</source>
            <translation>图像数</translation>
        </message>
    </context>
    <context>
        <name>BatchView</name>
        <message>
            <location filename="../ui/feedback/batch.py" line="135" />
            <source>Zoom</source>
            <translation>缩放</translation>
        </message>
        <message>
            <location filename="../ui/feedback/batch.py" line="170" />
            <source>Press “New batch” to make images to rate.</source>
            <translation>按“新一批”生成要评分的图像。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/batch.py" line="196" />
            <source>{w} × {h} px, shown at {zoom}×</source>
            <translation>{w} × {h} 像素，显示为 {zoom}×</translation>
        </message>
        <message>
            <location filename="../ui/feedback/batch.py" line="210" />
            <source>&lt;b&gt;{name}&lt;/b&gt; · seed {seed} · image {pos} of {n} · {rated} rated</source>
            <translation>&lt;b&gt;{name}&lt;/b&gt; · 种子 {seed} · 第 {pos} 张，共 {n} 张 · 已评 {rated} 张</translation>
        </message>
        <message>
            <location filename="../ui/feedback/batch.py" line="213" />
            <source>class &lt;b&gt;{name}&lt;/b&gt;</source>
            <translation>类别 &lt;b&gt;{name}&lt;/b&gt;</translation>
        </message>
        <message>
            <location filename="../ui/feedback/batch.py" line="215" />
            <source>&lt;b&gt;all rated&lt;/b&gt;: press N for a new batch</source>
            <translation>&lt;b&gt;已全部评分&lt;/b&gt;：按 N 生成新一批</translation>
        </message>
    </context>
    <context>
        <name>ClassCombo</name>
        <message>
            <location filename="../ui/widgets/class_combo.py" line="24" />
            <source>All classes</source>
            <translation>所有类别</translation>
        </message>
    </context>
    <context>
        <name>ClassTools</name>
        <message>
            <location filename="../ui/gallery/by_class.py" line="63" />
            <source>Exported {n:,} pictures to {target} ({counts}); {copies:,} near-copies left out.</source>
            <translation>已导出 {n:,} 张图片到 {target}（{counts}）；排除了 {copies:,} 张近似副本。</translation>
        </message>
    </context>
    <context>
        <name>ClusterExport</name>
        <message>
            <location filename="../ui/training/cluster_export.py" line="78" />
            <source>Preparing the cluster job…</source>
            <translation>正在准备集群作业…</translation>
        </message>
        <message>
            <location filename="../ui/training/cluster_export.py" line="78" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../ui/training/cluster_export.py" line="97" />
            <source>Cluster job ready</source>
            <translation>集群作业已就绪</translation>
        </message>
        <message>
            <location filename="../ui/training/cluster_export.py" line="98" />
            <source>The job is in {folder}.

Copy the folder to the GPU machine and run launch.sh there, or submit job.sbatch on a SLURM cluster. README.txt explains the rest; afterwards open its run folder here with File → Open run.</source>
            <translation>作业位于 {folder}。

把该文件夹复制到 GPU 机器上并运行 launch.sh，或在 SLURM 集群上提交 job.sbatch。其余说明见 README.txt；完成后，在这里用“文件 → 打开训练”打开它的训练文件夹。</translation>
        </message>
        <message>
            <location filename="../ui/training/cluster_export.py" line="103" />
            <source>Cluster job not written</source>
            <translation>未能写出集群作业</translation>
        </message>
    </context>
    <context>
        <name>ClusterJobDialog</name>
        <message>
            <location filename="../ui/training/cluster_export.py" line="34" />
            <source>Export as cluster job</source>
            <translation>导出为集群作业</translation>
        </message>
        <message>
            <location filename="../ui/training/cluster_export.py" line="36" />
            <source>A new, empty folder. Copy it to the GPU server or cluster.</source>
            <translation>一个新的空文件夹。之后把它复制到 GPU 服务器或集群上。</translation>
        </message>
        <message>
            <location filename="../ui/training/cluster_export.py" line="37" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../ui/training/cluster_export.py" line="45" />
            <source>GPUs on each machine. The batch size is per GPU.</source>
            <translation>每台机器的 GPU 数。批大小按每块 GPU 计算。</translation>
        </message>
        <message>
            <location filename="../ui/training/cluster_export.py" line="48" />
            <source>How many machines (SLURM nodes) to use.</source>
            <translation>使用多少台机器（SLURM 节点）。</translation>
        </message>
        <message>
            <location filename="../ui/training/cluster_export.py" line="50" />
            <source>Job folder</source>
            <translation>作业文件夹</translation>
        </message>
        <message>
            <location filename="../ui/training/cluster_export.py" line="51" />
            <source>GPUs per machine</source>
            <translation>每台机器的 GPU 数</translation>
        </message>
        <message>
            <location filename="../ui/training/cluster_export.py" line="52" />
            <source>Machines</source>
            <translation>机器数</translation>
        </message>
        <message>
            <location filename="../ui/training/cluster_export.py" line="59" />
            <source>Folder for the job</source>
            <translation>作业文件夹</translation>
        </message>
    </context>
    <context>
        <name>CompareDialog</name>
        <message>
            <location filename="../ui/feedback/versions.py" line="157" />
            <source>Compare model versions</source>
            <translation>比较模型版本</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="170" />
            <source>The first of {n} seeds shown; each seed gives both versions the same random start.</source>
            <translation>显示的 {n} 个种子中的第一个；每个种子让两个版本使用相同的随机起点。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="181" />
            <source>Top row</source>
            <translation>上行</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="183" />
            <source>Bottom row</source>
            <translation>下行</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="185" />
            <source>First seed</source>
            <translation>起始种子</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="215" />
            <source>Drawing both versions…</source>
            <translation>正在用两个版本生成图像…</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="218" />
            <source>Could not compare: {error}</source>
            <translation>无法比较：{error}</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="225" />
            <source>seed {seed}</source>
            <translation>种子 {seed}</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="233" />
            <source>{share:.0%} good of {n:,} rated</source>
            <translation>{n:,} 张已评，{share:.0%} 为好</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="244" />
            <source>Each column: the same seed drawn by both versions.</source>
            <translation>每一列：两个版本用同一个种子生成的图像。</translation>
        </message>
    </context>
    <context>
        <name>CrashHandler</name>
        <message>
            <location filename="../app.py" line="61" />
            <source>Something went wrong</source>
            <translation>出错了</translation>
        </message>
        <message>
            <location filename="../app.py" line="62" />
            <source>AIGC Desktop hit an unexpected error: {error}</source>
            <translation>AIGC Desktop 遇到意外错误：{error}</translation>
        </message>
        <message>
            <location filename="../app.py" line="64" />
            <source>Your runs and ratings are saved. The full report is in:
{path}</source>
            <translation>您的训练和评分都已保存。完整报告位于：
{path}</translation>
        </message>
    </context>
    <context>
        <name>CurationPanel</name>
        <message>
            <location filename="../ui/gallery/curation.py" line="28" />
            <source>Rank by discriminator</source>
            <translation>按判别器排序</translation>
        </message>
        <message>
            <location filename="../ui/gallery/curation.py" line="30" />
            <source>Sort the images by how real the discriminator (the model's built-in critic) finds them, best first. Its score appears under each image.</source>
            <translation>按判别器（模型自带的“评审”）认为图像有多真实来排序，最好的在前。分数显示在每张图像下方。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/curation.py" line="42" />
            <source>Keep the best</source>
            <translation>保留最好的</translation>
        </message>
        <message>
            <location filename="../ui/gallery/curation.py" line="44" />
            <source>Make many images and keep only those the discriminator likes best: ask for 64 good images out of 512 and you get them, best first. Uses the seed and variety set above.</source>
            <translation>生成大量图像，只保留判别器最认可的：例如从 512 张中取 64 张好图，最好的在前。使用上面设置的种子和多样性。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/curation.py" line="49" />
            <source>Check all for copies</source>
            <translation>全部检查近似副本</translation>
        </message>
        <message>
            <location filename="../ui/gallery/curation.py" line="51" />
            <source>Compare every image with the training pictures and mark (⚠) those that are near-copies: a model trained on few pictures may learn some by heart.</source>
            <translation>把每张图像与训练图片比较，并标出（⚠）近似副本：用很少图片训练的模型可能会把某些图片“背下来”。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/curation.py" line="54" />
            <source>Evaluate quality</source>
            <translation>评估质量</translation>
        </message>
        <message>
            <location filename="../ui/gallery/curation.py" line="56" />
            <source>Score the chosen model against its training pictures: works offline, takes a few seconds.</source>
            <translation>用训练图片给所选模型打分：离线进行，只需几秒。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/curation.py" line="58" />
            <location filename="../ui/gallery/curation.py" line="98" />
            <source>Not scored yet.</source>
            <translation>尚未评分。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/curation.py" line="61" />
            <source>The score grows with how far the images' details, shapes and layout are from your training pictures, with every image that looks like none of them or copies one, and with every kind of picture the model does not make. Scored offline, with as many images as while training.</source>
            <translation>图像的细节、形状和布局与训练图片相差越远，不像任何训练图片或复制训练图片的图像越多，模型做不出的图片种类越多，分数就越高。离线评分，所用图像数量与训练时相同。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/curation.py" line="66" />
            <source>Improve</source>
            <translation>改进</translation>
        </message>
        <message>
            <location filename="../ui/gallery/curation.py" line="69" />
            <source>Keep</source>
            <translation>保留</translation>
        </message>
        <message>
            <location filename="../ui/gallery/curation.py" line="71" />
            <source>of</source>
            <translation>张，共</translation>
        </message>
        <message>
            <location filename="../ui/gallery/curation.py" line="75" />
            <source>Quality score</source>
            <translation>质量分</translation>
        </message>
    </context>
    <context>
        <name>DatasetExportDialog</name>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="48" />
            <source>Export labelled dataset</source>
            <translation>导出带标签的数据集</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="50" />
            <source>Pictures of each class in a folder of its own, with a manifest.csv that says where each came from: ready for training or testing an inspection model (it loads as a torchvision ImageFolder).</source>
            <translation>每个类别的图片放在各自的文件夹中，并附带说明每张图片来源的 manifest.csv：可直接用于训练或测试检测模型（可作为 torchvision ImageFolder 加载）。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="73" />
            <source>the best</source>
            <translation>最好的</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="75" />
            <source>of every</source>
            <translation>张，每</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="81" />
            <source>Make more pictures than you need and keep the ones the discriminator finds most real. 1 of every 1 keeps every picture.</source>
            <translation>生成比所需更多的图片，只保留判别器认为最真实的。“每 1 张保留 1 张”即保留全部图片。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="84" />
            <source>Leave out near-copies of training pictures</source>
            <translation>排除与训练图片近似的副本</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="87" />
            <source>A picture almost identical to one of yours teaches an inspection model nothing new; the export says how many were left out.</source>
            <translation>与您的图片几乎相同的图片无法教给检测模型任何新东西；导出结果会说明排除了多少张。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="90" />
            <source>A folder</source>
            <translation>文件夹</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="91" />
            <source>One .zip file</source>
            <translation>一个 .zip 文件</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="93" />
            <source>Choose where to save…</source>
            <translation>选择保存位置…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="94" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="100" />
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="104" />
            <source>Classes</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="105" />
            <source>Pictures per class</source>
            <translation>每类图片数</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="106" />
            <source>Keep</source>
            <translation>保留</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="108" />
            <source>Save as</source>
            <translation>保存为</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="109" />
            <source>Where</source>
            <translation>位置</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="137" />
            <source>Export as a .zip file</source>
            <translation>导出为 .zip 文件</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="138" />
            <source>Zip files (*.zip)</source>
            <translation>Zip 文件 (*.zip)</translation>
        </message>
        <message>
            <location filename="../ui/gallery/dataset_export.py" line="140" />
            <source>Export into a new or empty folder</source>
            <translation>导出到新文件夹或空文件夹</translation>
        </message>
    </context>
    <context>
        <name>DatasetTab</name>
        <message>
            <location filename="../ui/dataset/tab.py" line="70" />
            <source>Sources</source>
            <translation>来源</translation>
        </message>
        <message>
            <location filename="../ui/dataset/tab.py" line="71" />
            <source>Summary</source>
            <translation>概况</translation>
        </message>
        <message>
            <location filename="../ui/dataset/tab.py" line="73" />
            <source>Preparing pictures for training</source>
            <translation>为训练准备图片</translation>
        </message>
        <message>
            <location filename="../ui/dataset/tab.py" line="137" />
            <source>The demo dataset could not be found: {error}</source>
            <translation>找不到示例数据集：{error}</translation>
        </message>
        <message>
            <location filename="../ui/dataset/tab.py" line="223" />
            <source>Looking for pictures…</source>
            <translation>正在查找图片…</translation>
        </message>
        <message>
            <location filename="../ui/dataset/tab.py" line="228" />
            <source>Scanning {done} / {total} images…</source>
            <translation>正在扫描 {done} / {total} 张图片…</translation>
        </message>
        <message>
            <location filename="../ui/dataset/tab.py" line="247" />
            <source>{used} pictures ready ({n} removed).</source>
            <translation>{used} 张图片已就绪（已移除 {n} 张）。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/tab.py" line="249" />
            <source>{used} pictures ready.</source>
            <translation>{used} 张图片已就绪。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/tab.py" line="264" />
            <source>Scanning…</source>
            <translation>正在扫描…</translation>
        </message>
        <message>
            <location filename="../ui/dataset/tab.py" line="269" />
            <source>No usable pictures. The Skipped files tab says why.</source>
            <translation>没有可用的图片。原因见“已跳过的文件”页。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/tab.py" line="300" />
            <source>Pictures ({n})</source>
            <translation>图片（{n}）</translation>
        </message>
        <message>
            <location filename="../ui/dataset/tab.py" line="301" />
            <source>Skipped files ({n})</source>
            <translation>已跳过的文件（{n}）</translation>
        </message>
    </context>
    <context>
        <name>DetailPanel</name>
        <message>
            <location filename="../ui/gallery/detail.py" line="36" />
            <source>Good  (G)</source>
            <translation>好  (G)</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="37" />
            <source>Rate this image good; it counts in the Feedback tab. Key: G</source>
            <translation>将此图像评为好；它会计入反馈页。按键：G</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="38" />
            <source>Bad  (B)</source>
            <translation>差  (B)</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="39" />
            <source>Rate this image bad; it counts in the Feedback tab. Key: B</source>
            <translation>将此图像评为差；它会计入反馈页。按键：B</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="44" />
            <location filename="../ui/gallery/detail.py" line="72" />
            <source>Select an image to see it large.</source>
            <translation>选择一张图像以查看大图。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="50" />
            <source>Closest training pictures</source>
            <translation>最相似的训练图片</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="52" />
            <source>The pictures of your training set that look most like this image. A distance near 0 means the model copied that picture instead of making up a new one.</source>
            <translation>训练集中与这张图像最相似的图片。距离接近 0 表示模型照抄了那张图片，而不是生成了新图。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="54" />
            <source>Pixel by pixel</source>
            <translation>逐像素比较</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="55" />
            <source>As the discriminator sees them</source>
            <translation>按判别器的眼光比较</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="89" />
            <source>Run</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="90" />
            <source>Checkpoint</source>
            <translation>检查点</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="90" />
            <source>step {step:,}</source>
            <translation>第 {step:,} 步</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="91" />
            <source>Seed</source>
            <translation>种子</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="92" />
            <source>Latent index</source>
            <translation>潜向量序号</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="93" />
            <source>Class</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="94" />
            <source>Truncation ψ</source>
            <translation>截断 ψ</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="95" />
            <source>Generator</source>
            <translation>生成器</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="95" />
            <source>averaged (EMA)</source>
            <translation>平均（EMA）</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="95" />
            <source>live (not averaged)</source>
            <translation>实时（未平均）</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="98" />
            <source>Steered</source>
            <translation>引导</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="98" />
            <source>toward liked images ({strength:.2f})</source>
            <translation>向喜欢的图像（{strength:.2f}）</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="101" />
            <source>Discriminator score</source>
            <translation>判别器分数</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="103" />
            <source>Your rating</source>
            <translation>您的评分</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="103" />
            <source>good</source>
            <translation>好</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="103" />
            <source>bad</source>
            <translation>差</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="105" />
            <source>near-copy!</source>
            <translation>近似副本！</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="105" />
            <source>new image</source>
            <translation>新图像</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="106" />
            <source>Copy check</source>
            <translation>副本检查</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="112" />
            <source>Looking for similar training pictures…</source>
            <translation>正在查找相似的训练图片…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="123" />
            <source>The training set is empty.</source>
            <translation>训练集是空的。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="127" />
            <source>⚠ This image is a near-copy of training picture {index} (distance {d:.3f}; pictures closer than {t:.3f} count as copies).</source>
            <translation>⚠ 这张图像是训练图片 {index} 的近似副本（距离 {d:.3f}；小于 {t:.3f} 即算作副本）。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/detail.py" line="130" />
            <source>A new image: the closest of the {n} training pictures is at {d:.3f} (copies are closer than {t:.3f}).</source>
            <translation>这是一张新图像：{n} 张训练图片中最接近的距离为 {d:.3f}（副本的距离小于 {t:.3f}）。</translation>
        </message>
    </context>
    <context>
        <name>EmptyPage</name>
        <message>
            <location filename="../ui/widgets/pages.py" line="32" />
            <source>&lt;h2&gt;No model to draw from yet&lt;/h2&gt;&lt;p&gt;Train a model in the Training tab first, or open a run folder.&lt;/p&gt;</source>
            <translation>&lt;h2&gt;还没有可用的模型&lt;/h2&gt;&lt;p&gt;请先在“训练”页训练一个模型，或打开一个训练文件夹。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../ui/widgets/pages.py" line="36" />
            <source>Open run folder…</source>
            <translation>打开训练文件夹…</translation>
        </message>
    </context>
    <context>
        <name>EmptyState</name>
        <message>
            <location filename="../ui/dataset/sources.py" line="46" />
            <source>Teach the generator with your own pictures</source>
            <translation>用您自己的图片训练生成器</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="53" />
            <source>Drop a folder of pictures here, or…</source>
            <translation>把图片文件夹拖到这里，或者…</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="57" />
            <source>Add folder…</source>
            <translation>添加文件夹…</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="59" />
            <source>Add files…</source>
            <translation>添加文件…</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="73" />
            <source>New here? See the whole workflow in a minute:</source>
            <translation>第一次使用？一分钟了解完整流程：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="75" />
            <source>Try the demo dataset</source>
            <translation>试用示例数据集</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="90" />
            <source>Adds the built-in set of 340 pictures and scans it.</source>
            <translation>添加内置的 340 张图片并进行扫描。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="95" />
            <source>340 pictures of machined metal parts in four classes: ok, scratch, dent, crack.</source>
            <translation>340 张机加工金属零件图片，共四类：ok 合格、scratch 划痕、dent 凹坑、crack 裂纹。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="100" />
            <source>PNG, JPEG, BMP, TIFF, WebP and GIF pictures, or .zip files of them. Pictures in subfolders are grouped into classes by folder name. Your files are only read, never changed.</source>
            <translation>支持 PNG、JPEG、BMP、TIFF、WebP 和 GIF 图片，或包含这些图片的 .zip 文件。子文件夹中的图片按文件夹名分类。程序只读取您的文件，绝不修改。</translation>
        </message>
    </context>
    <context>
        <name>ExportPanel</name>
        <message>
            <location filename="../ui/gallery/export.py" line="38" />
            <source>{n}× (as made)</source>
            <translation>{n}×（原始大小）</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="39" />
            <source>{n}× larger</source>
            <translation>放大 {n}×</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="41" />
            <source>Enlarge the pictures on export with a high-quality filter. It adds no real detail, but makes small pictures easier to look at and use.</source>
            <translation>导出时用高质量滤镜放大图片。不会增加真实细节，但小图更便于查看和使用。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="43" />
            <source>Light sharpening</source>
            <translation>轻度锐化</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="44" />
            <source>Crisper edges, especially after enlarging.</source>
            <translation>边缘更清晰，放大后尤其明显。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="46" />
            <source>As trained</source>
            <translation>与训练时相同</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="47" />
            <source>Colour</source>
            <translation>彩色</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="48" />
            <source>Grey</source>
            <translation>灰度</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="50" />
            <source>“As trained” keeps the colours of the training pictures (grey if you trained on grey).</source>
            <translation>“与训练时相同”保持训练图片的颜色（用灰度图训练则为灰度）。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="52" />
            <source>PNG files in a folder</source>
            <translation>文件夹中的 PNG 文件</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="53" />
            <source>One .zip file</source>
            <translation>一个 .zip 文件</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="54" />
            <source>Export selected…</source>
            <translation>导出所选…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="55" />
            <source>Export all…</source>
            <translation>全部导出…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="58" />
            <source>Each PNG records its run, checkpoint, seed and number, so it can be made again exactly.</source>
            <translation>每个 PNG 都记录了它的训练、检查点、种子和编号，可以精确地重新生成。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="59" />
            <source>Export labelled dataset…</source>
            <translation>导出带标签的数据集…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="61" />
            <source>For a model trained by class: many pictures of each class, sorted into class folders with a manifest, to train or test an inspection model.</source>
            <translation>适用于按类别训练的模型：为每个类别生成大量图片，按类别分文件夹并附清单，用于训练或测试检测模型。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="65" />
            <source>Does it help?</source>
            <translation>有帮助吗？</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="67" />
            <source>Trains a small inspection classifier on your pictures, on your pictures plus generated ones, and on generated ones only, and tests each on real pictures the run kept aside. A few minutes on a CPU.</source>
            <translation>分别用您的图片、您的图片加生成图片、仅生成图片训练一个小型检测分类器，并在该运行预留的真实图片上测试。在 CPU 上需要几分钟。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="75" />
            <source>Size</source>
            <translation>尺寸</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="77" />
            <source>Colours</source>
            <translation>颜色</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="78" />
            <source>Save as</source>
            <translation>保存为</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="108" />
            <source>Export as a .zip file</source>
            <translation>导出为 .zip 文件</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="109" />
            <source>Zip files (*.zip)</source>
            <translation>Zip 文件 (*.zip)</translation>
        </message>
        <message>
            <location filename="../ui/gallery/export.py" line="113" />
            <source>Export into a folder</source>
            <translation>导出到文件夹</translation>
        </message>
    </context>
    <context>
        <name>FeedbackPage</name>
        <message>
            <location filename="../ui/feedback/layout.py" line="127" />
            <source>Rate</source>
            <translation>评分</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="131" />
            <source>Ratings so far</source>
            <translation>已有评分</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="142" />
            <source>Model versions</source>
            <translation>模型版本</translation>
        </message>
    </context>
    <context>
        <name>FeedbackTab</name>
        <message>
            <location filename="../ui/feedback/tab.py" line="82" />
            <source>&lt;h2&gt;Nothing to rate yet&lt;/h2&gt;&lt;p&gt;Train a model in the Training tab first, or open a run folder: its images appear here for you to rate, and the model learns from your ratings.&lt;/p&gt;</source>
            <translation>&lt;h2&gt;还没有可评分的图像&lt;/h2&gt;&lt;p&gt;请先在训练页训练一个模型，或打开一个运行文件夹：它生成的图像会显示在这里供您评分，模型会从您的评分中学习。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="144" />
            <source>Fine-tuned version v{id} is ready: here is a batch of it to rate.</source>
            <translation>微调版本 v{id} 已就绪：这是它生成的一批图像，请评分。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="206" />
            <source>There is no rating to undo.</source>
            <translation>没有可撤销的评分。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="219" />
            <source>good</source>
            <translation>好</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="219" />
            <source>bad</source>
            <translation>差</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="220" />
            <source>Undone: image {index} of seed {seed} rated {verdict}.</source>
            <translation>已撤销：种子 {seed} 的图像 {index}，曾评为{verdict}。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="238" />
            <source>Fine-tuning needs images rated good and images rated bad. Rate some of each first.</source>
            <translation>微调需要既有评为好的图像，也有评为差的图像。请先各评一些。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="292" />
            <source>Now using {name}.</source>
            <translation>现在使用 {name}。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="297" />
            <source>Training moved on: {name} is now in use; new batches come from it.</source>
            <translation>训练已继续：现在使用 {name}；新的批次由它生成。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="302" />
            <source>Exported {n:,} ratings to {path}</source>
            <translation>已将 {n:,} 条评分导出到 {path}</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="306" />
            <source>Imported {added:,} ratings ({skipped:,} were here already).</source>
            <translation>已导入 {added:,} 条评分（{skipped:,} 条已存在）。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="356" />
            <source>Could not finish: {error}</source>
            <translation>未能完成：{error}</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="363" />
            <source>Ready</source>
            <translation>就绪</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="369" />
            <source>{what} {done:,} / {total:,}</source>
            <translation>{what} {done:,} / {total:,}</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="373" />
            <source>Making images to rate…</source>
            <translation>正在生成要评分的图像…</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="373" />
            <source>Learning what you like…</source>
            <translation>正在学习您的喜好…</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="374" />
            <source>Switching model version…</source>
            <translation>正在切换模型版本…</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="374" />
            <source>Adding the best checkpoint…</source>
            <translation>正在添加最好的检查点…</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="375" />
            <source>Exporting ratings…</source>
            <translation>正在导出评分…</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="375" />
            <source>Importing ratings…</source>
            <translation>正在导入评分…</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="376" />
            <source>Working…</source>
            <translation>正在处理…</translation>
        </message>
        <message>
            <location filename="../ui/feedback/tab.py" line="394" />
            <source>Open a run folder</source>
            <translation>打开训练文件夹</translation>
        </message>
    </context>
    <context>
        <name>Gallery</name>
        <message>
            <location filename="../ui/gallery/quality.py" line="101" />
            <source>Step {step:,}: quality score {score:.1f} (lower is better; compare it between checkpoints of this run).</source>
            <translation>第 {step:,} 步：质量分 {score:.1f}（越低越好；可用来比较本次训练的各个检查点）。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/quality.py" line="104" />
            <source>While training, the best score was {best:.1f}, at step {at:,}.</source>
            <translation>训练过程中最好的分数是 {best:.1f}，在第 {at:,} 步。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/quality.py" line="107" />
            <source>Scored on {n:,} images in {s:.1f} s.</source>
            <translation>用 {n:,} 张图像评分，耗时 {s:.1f} 秒。</translation>
        </message>
    </context>
    <context>
        <name>GalleryModel</name>
        <message>
            <location filename="../ui/gallery/model.py" line="172" />
            <source>Image {index}</source>
            <translation>图像 {index}</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model.py" line="174" />
            <source>Class {name}</source>
            <translation>类别 {name}</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model.py" line="176" />
            <source>Seed {seed}, ψ {psi:.2f}</source>
            <translation>种子 {seed}，ψ {psi:.2f}</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model.py" line="178" />
            <source>Discriminator score {score:.2f} (higher looks more real to it)</source>
            <translation>判别器分数 {score:.2f}（越高，它觉得越真实）</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model.py" line="181" />
            <source>Near-copy of a training picture (distance {d:.3f})</source>
            <translation>训练图片的近似副本（距离 {d:.3f}）</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model.py" line="183" />
            <source>Not a copy: closest training picture at {d:.3f}</source>
            <translation>不是副本：最接近的训练图片距离为 {d:.3f}</translation>
        </message>
    </context>
    <context>
        <name>GalleryTab</name>
        <message>
            <location filename="../ui/gallery/tab.py" line="83" />
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../ui/gallery/tab.py" line="83" />
            <source>Generate</source>
            <translation>生成</translation>
        </message>
        <message>
            <location filename="../ui/gallery/tab.py" line="84" />
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <location filename="../ui/gallery/tab.py" line="249" />
            <source>Rated image {index} {verdict}.</source>
            <translation>已将图像 {index} 评为{verdict}。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/tab.py" line="250" />
            <source>good</source>
            <translation>好</translation>
        </message>
        <message>
            <location filename="../ui/gallery/tab.py" line="250" />
            <source>bad</source>
            <translation>差</translation>
        </message>
        <message>
            <location filename="../ui/gallery/tab.py" line="267" />
            <source>Exported {n:,} images to {target}</source>
            <translation>已导出 {n:,} 张图像到 {target}</translation>
        </message>
        <message>
            <location filename="../ui/gallery/tab.py" line="334" />
            <source>Could not finish: {error}</source>
            <translation>未能完成：{error}</translation>
        </message>
        <message>
            <location filename="../ui/gallery/tab.py" line="343" />
            <source>Stopped. What was done so far stays.</source>
            <translation>已停止。已完成的部分会保留。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/tab.py" line="351" />
            <source>Ready</source>
            <translation>就绪</translation>
        </message>
    </context>
    <context>
        <name>GenerateControls</name>
        <message>
            <location filename="../ui/gallery/controls.py" line="45" />
            <source>How many images to make (1 to 10,000).</source>
            <translation>要生成多少张图像（1 到 10,000）。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="49" />
            <source>The same seed always gives the same images from the same model. Note it to make them again.</source>
            <translation>同一模型用同一个种子总会生成相同的图像。记下它，以后可以再次生成。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="50" />
            <source>Random seed</source>
            <translation>随机种子</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="51" />
            <source>Draw a new seed and make a fresh set of images.</source>
            <translation>抽取一个新种子，生成一组新图像。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="61" />
            <source>Variety or safety. At 1.00 you get everything the model can make, odd ones included. Lower values pull every image toward the model's most typical picture: fewer failures, but the images look more alike. At 0.00 all images are the same typical picture. The same images are redrawn at once.</source>
            <translation>多样还是稳妥。1.00 时得到模型能生成的一切，包括奇怪的图像。数值越低，每张图像越接近模型最典型的样子：失败的更少，但图像更相似。0.00 时所有图像都是同一张典型图片。调整后会立即重新绘制同一批图像。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="68" />
            <source>For a model trained by class: make pictures of one class only, or of all classes in turn.</source>
            <translation>适用于按类别训练的模型：只生成某一类别的图片，或轮流生成所有类别。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="69" />
            <source>Class</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="72" />
            <source>Steer toward liked images</source>
            <translation>向喜欢的图像引导</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="74" />
            <source>Draw more images like the ones people rated good (here or in the Feedback tab), without retraining. Needs images of this checkpoint rated good and bad.</source>
            <translation>无需重新训练，多生成与被评为好的图像（在此处或反馈页中评分）相似的图像。需要此检查点的图像中既有评为好的，也有评为差的。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="76" />
            <source>Generate</source>
            <translation>生成</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="78" />
            <source>Make the images with the chosen model and seed.</source>
            <translation>用所选模型和种子生成图像。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="80" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="81" />
            <source>Stop the work in progress; the images made so far stay.</source>
            <translation>停止正在进行的工作；已生成的图像会保留。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="95" />
            <source>Images</source>
            <translation>图像数</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="97" />
            <source>Seed</source>
            <translation>种子</translation>
        </message>
        <message>
            <location filename="../ui/gallery/controls.py" line="100" />
            <source>Variety</source>
            <translation>多样性</translation>
        </message>
    </context>
    <context>
        <name>GridBar</name>
        <message>
            <location filename="../ui/gallery/layout.py" line="26" />
            <source>Interpolate…</source>
            <translation>渐变…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/layout.py" line="27" />
            <source>Select two images to see the model morph one into the other.</source>
            <translation>选择两张图像，看模型如何把一张渐变成另一张。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/layout.py" line="32" />
            <source>Thumbnail size</source>
            <translation>缩略图大小</translation>
        </message>
        <message>
            <location filename="../ui/gallery/layout.py" line="37" />
            <source>Size</source>
            <translation>尺寸</translation>
        </message>
    </context>
    <context>
        <name>GuideDialog</name>
        <message>
            <location filename="../ui/guide.py" line="24" />
            <source>Guide — AIGC Desktop</source>
            <translation>使用指南 — AIGC Desktop</translation>
        </message>
        <message>
            <location filename="../ui/guide.py" line="40" />
            <source>&lt;h2&gt;Guide&lt;/h2&gt;&lt;h3&gt;What a GAN is&lt;/h3&gt;&lt;p&gt;A GAN (generative adversarial network) is two neural networks that learn together: the &lt;b&gt;image maker&lt;/b&gt; (generator, G) draws pictures from random numbers, and the &lt;b&gt;judge&lt;/b&gt; (discriminator, D) learns to tell them from your real pictures. Each gets better by trying to beat the other, until the image maker's pictures look like yours.&lt;/p&gt;</source>
            <translation>&lt;h2&gt;使用指南&lt;/h2&gt;&lt;h3&gt;什么是 GAN&lt;/h3&gt;&lt;p&gt;GAN（生成对抗网络）是两个一起学习的神经网络：&lt;b&gt;生成器&lt;/b&gt;（G）根据随机数画出图片，&lt;b&gt;判别器&lt;/b&gt;（D，相当于“裁判”）学习把它们和您的真实图片区分开。双方都想胜过对方，因而不断进步，直到生成器画出的图片看起来和您的图片一样。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../ui/guide.py" line="47" />
            <source>&lt;h3&gt;How many pictures, how much time&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Pictures:&lt;/b&gt; tens to thousands. Pictures taken the same way (same angle, similar light) are learned fastest. Below a few thousand pictures keep DiffAugment on Auto: it switches on by itself for small sets so the judge cannot simply memorise them.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Time:&lt;/b&gt; on an ordinary 2-core PC the preset &lt;i&gt;Quick look (CPU)&lt;/i&gt; trains 32 × 32 pictures at about 700 images per second. On the built-in demo set, recognisable shapes appear after about 2,000 steps (1.5 minutes); its 6,000 steps take about 5 minutes.&lt;/li&gt;&lt;li&gt;The GPU presets are made for an NVIDIA graphics card; on a CPU they take hours.&lt;/li&gt;&lt;/ul&gt;</source>
            <translation>&lt;h3&gt;需要多少图片、多少时间&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;图片：&lt;/b&gt;几十张到几千张都可以。拍摄方式一致（角度相同、光线相近）的图片学得最快。图片少于几千张时，请把 DiffAugment 保持为“自动”：图片少时它会自动开启，使判别器无法简单地把图片背下来。&lt;/li&gt;&lt;li&gt;&lt;b&gt;时间：&lt;/b&gt;在普通的双核电脑上，预设&lt;i&gt;快速预览（CPU）&lt;/i&gt;以每秒约 700 张的速度训练 32 × 32 的图片。用内置示例数据集训练，约 2,000 步（1.5 分钟）后就能看出零件的形状；完整的 6,000 步约需 5 分钟。&lt;/li&gt;&lt;li&gt;GPU 预设是为 NVIDIA 显卡设计的；在 CPU 上要花好几个小时。&lt;/li&gt;&lt;/ul&gt;</translation>
        </message>
        <message>
            <location filename="../ui/guide.py" line="58" />
            <source>&lt;h3&gt;The presets&lt;/h3&gt;&lt;table cellspacing='0' cellpadding='4'&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Quick look (CPU)&lt;/b&gt;&lt;/td&gt;&lt;td&gt;32 × 32 pictures, small model. The quickest way to see whether your pictures can be learned. Recommended without a graphics card.&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;More detail (CPU)&lt;/b&gt;&lt;/td&gt;&lt;td&gt;64 × 64 pictures, small model: finer detail, about 3 times slower.&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Standard (GPU)&lt;/b&gt;&lt;/td&gt;&lt;td&gt;64 × 64 pictures with the model size of the DCGAN paper, and mixed precision on an NVIDIA card. Recommended when a graphics card is found.&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;High resolution (GPU)&lt;/b&gt;&lt;/td&gt;&lt;td&gt;128 × 128 pictures for fine textures and small defects; needs a graphics card with 8 GB or more.&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;p&gt;Every setting under &lt;i&gt;Advanced&lt;/i&gt; explains itself when you rest the mouse on it.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;预设&lt;/h3&gt;&lt;table cellspacing='0' cellpadding='4'&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;快速预览（CPU）&lt;/b&gt;&lt;/td&gt;&lt;td&gt;32 × 32 图片，小模型。最快看出您的图片能否学得会。没有显卡时推荐使用。&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;更多细节（CPU）&lt;/b&gt;&lt;/td&gt;&lt;td&gt;64 × 64 图片，小模型：细节更多，速度约慢 3 倍。&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;标准（GPU）&lt;/b&gt;&lt;/td&gt;&lt;td&gt;64 × 64 图片，采用 DCGAN 论文的模型大小，在 NVIDIA 显卡上使用混合精度。检测到显卡时推荐使用。&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;高分辨率（GPU）&lt;/b&gt;&lt;/td&gt;&lt;td&gt;128 × 128 图片，适合细微纹理和小缺陷；需要 8 GB 或以上显存的显卡。&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;p&gt;把鼠标停在&lt;i&gt;高级&lt;/i&gt;中的任一设置上，即可看到它的说明。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../ui/guide.py" line="72" />
            <source>&lt;h3&gt;Reading the plots&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Losses&lt;/b&gt; (D loss, G loss): in healthy training both wobble around a level. If D loss drops to almost zero and stays there, the judge has won and the image maker stops learning.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Discriminator verdicts&lt;/b&gt;: how real the judge finds your pictures, D(x), and the generated ones, D(G(z)). The two lines stay apart, but not stuck at 1 and 0.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Quality score&lt;/b&gt; (lower is better): how far the generated images are from your pictures. It falls fast at first, then slowly. When it stops going down, training has done what it can; more steps will not help much.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Live samples&lt;/b&gt; use the same random numbers every time, so you watch the same pictures improve.&lt;/li&gt;&lt;/ul&gt;</source>
            <translation>&lt;h3&gt;怎样看曲线&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;损失&lt;/b&gt;（D 损失、G 损失）：训练正常时，两条曲线都在某个水平上下波动。如果 D 损失降到接近零并一直停在那里，说明判别器已经完胜，生成器学不到东西了。&lt;/li&gt;&lt;li&gt;&lt;b&gt;判别器判断&lt;/b&gt;：判别器认为您的图片 D(x) 和生成的图片 D(G(z)) 有多真实。两条线保持分开，但不会卡在 1 和 0。&lt;/li&gt;&lt;li&gt;&lt;b&gt;质量分&lt;/b&gt;（越低越好）：生成的图像与您的图片相差多远。开始下降得快，之后变慢。当它不再下降时，训练已经尽力了，再多训练也帮助不大。&lt;/li&gt;&lt;li&gt;&lt;b&gt;实时样本&lt;/b&gt;：每次都使用相同的随机数，因此您看到的是同一批图片逐渐变好。&lt;/li&gt;&lt;/ul&gt;</translation>
        </message>
        <message>
            <location filename="../ui/guide.py" line="86" />
            <source>&lt;h3&gt;When the images collapse&lt;/h3&gt;&lt;p&gt;Signs: all samples look alike, or they turn into noise or smears, or the quality score climbs again. Then:&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Go back to an earlier checkpoint. The run folder keeps the checkpoint with the best quality score, and the log names it.&lt;/li&gt;&lt;li&gt;Under &lt;i&gt;Advanced&lt;/i&gt;: set DiffAugment to On, turn on Spectral normalisation, or lower the Discriminator learning rate (for example to half).&lt;/li&gt;&lt;li&gt;Use more pictures, and more varied ones: a small or very uniform set is easy for the judge to memorise.&lt;/li&gt;&lt;li&gt;Start a new run with the new settings.&lt;/li&gt;&lt;/ol&gt;</source>
            <translation>&lt;h3&gt;图像“崩溃”时怎么办&lt;/h3&gt;&lt;p&gt;迹象：所有样本看起来都一样，或者变成噪点、糊成一片，或者质量分又开始上升。这时：&lt;/p&gt;&lt;ol&gt;&lt;li&gt;回到更早的检查点。训练文件夹会保留质量分最好的检查点，日志中会写明是哪一个。&lt;/li&gt;&lt;li&gt;在&lt;i&gt;高级&lt;/i&gt;中：把 DiffAugment 设为“开”，打开“谱归一化”，或降低“判别器学习率”（例如减半）。&lt;/li&gt;&lt;li&gt;使用更多、更多样的图片：图片少或彼此太相似时，判别器很容易把它们背下来。&lt;/li&gt;&lt;li&gt;用新的设置开始一次新的训练。&lt;/li&gt;&lt;/ol&gt;</translation>
        </message>
        <message>
            <location filename="../ui/guide.py" line="99" />
            <source>&lt;h3&gt;Teaching it your taste (Feedback tab)&lt;/h3&gt;&lt;p&gt;Look at the images one by one and press &lt;b&gt;G&lt;/b&gt; (good) or &lt;b&gt;B&lt;/b&gt; (bad); add a score, tags or a comment if you like. Each press is saved at once, and &lt;b&gt;Ctrl+Z&lt;/b&gt; takes it back. A few dozen ratings with both good and bad ones are enough to start. Then:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Steer sampling&lt;/b&gt; (instant): the model is unchanged, but new images are drawn from where the images you liked came from. Also a switch in the Gallery.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Fine-tune&lt;/b&gt; (minutes): the model trains a little longer with your ratings, shown live in the Training tab.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Each adjustment is a new model version; the older ones are kept. &lt;i&gt;Compare…&lt;/i&gt; shows two versions on the same random numbers, and &lt;i&gt;Use this version&lt;/i&gt; goes back to any of them. To pool a team's ratings, export them as CSV and import them in another copy.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;让模型学会您的偏好（反馈页）&lt;/h3&gt;&lt;p&gt;逐张查看图像，按 &lt;b&gt;G&lt;/b&gt;（好）或 &lt;b&gt;B&lt;/b&gt;（差）；需要的话再加上得分、标签或备注。每次按键都会立即保存，&lt;b&gt;Ctrl+Z&lt;/b&gt; 可以撤回。有几十条评分、其中既有好也有差，就可以开始了。然后：&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;引导采样&lt;/b&gt;（即时）：模型不变，但新图像从您喜欢的图像的来源处生成。图库页中也有这个开关。&lt;/li&gt;&lt;li&gt;&lt;b&gt;微调&lt;/b&gt;（几分钟）：用您的评分让模型再训练一会儿，训练页会实时显示过程。&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;每次调整都会生成一个新的模型版本，旧版本都会保留。&lt;i&gt;比较…&lt;/i&gt; 用相同的随机数并排显示两个版本，&lt;i&gt;使用此版本&lt;/i&gt; 可以回到其中任何一个。要汇总团队的评分，请将其导出为 CSV，再在另一份软件中导入。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../ui/guide.py" line="113" />
            <source>&lt;h3&gt;Where your files go&lt;/h3&gt;&lt;p&gt;By default each training run is a folder in &lt;b&gt;{runs}&lt;/b&gt;, inside your user data folder. It holds the settings (config.json), the checkpoints, the sample pictures and the curves. Your own pictures are only read, never changed. The app's log is in &lt;b&gt;{logs}&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;The app never uses the network: no downloads, no updates, nothing is sent anywhere.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;文件保存在哪里&lt;/h3&gt;&lt;p&gt;默认情况下，每次训练都是 &lt;b&gt;{runs}&lt;/b&gt; 中的一个文件夹，位于您的用户数据文件夹内。其中保存设置（config.json）、检查点、样本图片和曲线。程序只读取您自己的图片，绝不修改。程序日志位于 &lt;b&gt;{logs}&lt;/b&gt;。&lt;/p&gt;&lt;p&gt;本程序从不使用网络：不下载、不更新，也不向任何地方发送数据。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../ui/guide.py" line="136" />
            <source>&amp;Guide</source>
            <translation>使用指南(&amp;G)</translation>
        </message>
    </context>
    <context>
        <name>InterpolationDialog</name>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="38" />
            <source>Morph image {a} into image {b}</source>
            <translation>把图像 {a} 渐变为图像 {b}</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="49" />
            <source>How many pictures the morph has, the two chosen ones included.</source>
            <translation>渐变包含多少张图片（含选中的两张）。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="51" />
            <source>Smooth (spherical)</source>
            <translation>平滑（球面）</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="52" />
            <source>Straight line</source>
            <translation>直线</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="54" />
            <source>Smooth keeps every in-between picture as lively as the ends; a straight line can pass through dull, greyish pictures halfway.</source>
            <translation>“平滑”让每张中间图片都和两端一样鲜明；“直线”在中途可能经过暗淡、发灰的图片。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="58" />
            <source>{n}×</source>
            <translation>{n}×</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="60" />
            <source>Enlarge the saved frames (pixels stay crisp).</source>
            <translation>放大保存的帧（像素保持清晰）。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="61" />
            <source>Loop back and forth</source>
            <translation>来回循环</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="62" />
            <source>The GIF plays forwards then backwards, so it loops without a jump.</source>
            <translation>GIF 先正放再倒放，循环时不会跳帧。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="70" />
            <source>Save as GIF…</source>
            <translation>保存为 GIF…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="71" />
            <source>Save frames…</source>
            <translation>保存各帧…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="72" />
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="78" />
            <source>Pictures</source>
            <translation>图片数</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="78" />
            <source>Path</source>
            <translation>路径</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="79" />
            <source>Saved size</source>
            <translation>保存尺寸</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="113" />
            <source>Making the in-between pictures…</source>
            <translation>正在生成中间图片…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="153" />
            <source>{n} pictures from image {a} to image {b}.</source>
            <translation>从图像 {a} 到图像 {b}，共 {n} 张图片。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="158" />
            <source>Saved {where}</source>
            <translation>已保存 {where}</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="161" />
            <source>Could not finish: {error}</source>
            <translation>未能完成：{error}</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="171" />
            <source>Save the morph as a GIF</source>
            <translation>把渐变保存为 GIF</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="172" />
            <source>GIF images (*.gif)</source>
            <translation>GIF 图像 (*.gif)</translation>
        </message>
        <message>
            <location filename="../ui/gallery/interpolation.py" line="177" />
            <source>Save the frames into a folder</source>
            <translation>把各帧保存到文件夹</translation>
        </message>
    </context>
    <context>
        <name>JudgeTools</name>
        <message>
            <location filename="../ui/gallery/judging.py" line="69" />
            <source>Quality score {score:.1f} for step {step:,}.</source>
            <translation>第 {step:,} 步的质量分为 {score:.1f}。</translation>
        </message>
    </context>
    <context>
        <name>LanguageDialog</name>
        <message>
            <location filename="../ui/language.py" line="152" />
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <location filename="../ui/language.py" line="155" />
            <source>Same as the system ({language})</source>
            <translation>跟随系统（{language}）</translation>
        </message>
        <message>
            <location filename="../ui/language.py" line="158" />
            <source>The language of menus, buttons, messages and the guide.</source>
            <translation>菜单、按钮、提示信息和使用指南所用的语言。</translation>
        </message>
        <message>
            <location filename="../ui/language.py" line="161" />
            <source>The new language is used the next time AIGC Desktop starts.</source>
            <translation>新的语言将在下次启动 AIGC Desktop 时生效。</translation>
        </message>
        <message>
            <location filename="../ui/language.py" line="164" />
            <source>Language:</source>
            <translation>语言：</translation>
        </message>
        <message>
            <location filename="../ui/language.py" line="186" />
            <source>&amp;Settings…</source>
            <translation>设置(&amp;S)…</translation>
        </message>
    </context>
    <context>
        <name>LivePlot</name>
        <message>
            <location filename="../ui/widgets/live_plot.py" line="115" />
            <source>step</source>
            <translation>步</translation>
        </message>
        <message>
            <location filename="../ui/widgets/live_plot.py" line="133" />
            <source>Smooth</source>
            <translation>平滑</translation>
        </message>
        <message>
            <location filename="../ui/widgets/live_plot.py" line="134" />
            <source>Overlay an exponential moving average of each curve</source>
            <translation>叠加显示每条曲线的指数移动平均</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../ui/main_window.py" line="30" />
            <source>detecting…</source>
            <translation>正在检测…</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="42" />
            <source>1  Dataset</source>
            <translation>1  数据集</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="43" />
            <source>2  Training</source>
            <translation>2  训练</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="44" />
            <source>3  Gallery</source>
            <translation>3  图库</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="45" />
            <source>4  Feedback</source>
            <translation>4  反馈</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="46" />
            <source>Collect and prepare the pictures to learn from</source>
            <translation>收集并准备用于学习的图片</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="47" />
            <source>Teach the image generator and watch it learn</source>
            <translation>训练图像生成器并观察它的学习过程</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="48" />
            <source>Generate, choose, check and export new images</source>
            <translation>生成、挑选、检查并导出新图像</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="49" />
            <source>Rate images and let the model learn from your ratings</source>
            <translation>为图像评分，让模型从您的评分中学习</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="53" />
            <source>Ready</source>
            <translation>就绪</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="96" />
            <source>CPU</source>
            <translation>CPU</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="97" />
            <source>Could not check for graphics cards ({error}); the CPU will be used.</source>
            <translation>无法检测显卡（{error}）；将使用 CPU。</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="109" />
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="110" />
            <source>Add &amp;folder…</source>
            <translation>添加文件夹(&amp;F)…</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="113" />
            <source>&amp;Open run…</source>
            <translation>打开训练(&amp;O)…</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="116" />
            <source>&amp;Recent runs</source>
            <translation>最近的训练(&amp;R)</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="118" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="129" />
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="136" />
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="139" />
            <source>&amp;About AIGC Desktop</source>
            <translation>关于 AIGC Desktop(&amp;A)</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="148" />
            <source>No recent runs</source>
            <translation>没有最近的训练</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="172" />
            <source>Device: {device}</source>
            <translation>设备：{device}</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="210" />
            <source>Stopping and saving a checkpoint…</source>
            <translation>正在停止并保存检查点…</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="221" />
            <source>Training is running</source>
            <translation>正在训练</translation>
        </message>
        <message>
            <location filename="../ui/main_window.py" line="222" />
            <source>Stop training and save a checkpoint before closing? You can resume the run later.</source>
            <translation>关闭前停止训练并保存检查点吗？以后可以继续这次训练。</translation>
        </message>
    </context>
    <context>
        <name>ModelPicker</name>
        <message>
            <location filename="../ui/gallery/model_picker.py" line="75" />
            <location filename="../ui/gallery/model_picker.py" line="123" />
            <source>No run</source>
            <translation>无训练</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model_picker.py" line="77" />
            <source>Open run…</source>
            <translation>打开训练…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model_picker.py" line="78" />
            <source>Choose a run folder made by the Training tab (or copied from a colleague).</source>
            <translation>选择一个由“训练”页创建的训练文件夹（或从同事那里复制来的）。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model_picker.py" line="82" />
            <source>The saved state of the model to draw from. Training saves one every so often; “best” is the one with the best quality score while training.</source>
            <translation>用来生成图像的模型存档。训练时会定期保存；“最佳”是训练中质量分最好的那个。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model_picker.py" line="85" />
            <source>Averaged generator (EMA)</source>
            <translation>平均生成器（EMA）</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model_picker.py" line="88" />
            <source>Use the average of the generator over its last training steps: usually smoother, cleaner images. Untick to see the generator exactly as it was at that step.</source>
            <translation>使用生成器在最近若干训练步上的平均：图像通常更平滑、更干净。取消勾选可查看生成器在该步时的原样。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model_picker.py" line="95" />
            <source>Checkpoint</source>
            <translation>检查点</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model_picker.py" line="123" />
            <source>Run: {name}</source>
            <translation>训练：{name}</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model_picker.py" line="152" />
            <source>{error} No other checkpoint of this run is left to use.</source>
            <translation>{error} 这次训练已没有其他可用的检查点。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model_picker.py" line="153" />
            <source>{error} Using {name} instead.</source>
            <translation>{error} 改用 {name}。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model_picker.py" line="158" />
            <source>Open a run folder</source>
            <translation>打开训练文件夹</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model_picker.py" line="165" />
            <source>newest</source>
            <translation>最新</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model_picker.py" line="167" />
            <source>★ best score</source>
            <translation>★ 最佳分数</translation>
        </message>
        <message>
            <location filename="../ui/gallery/model_picker.py" line="168" />
            <source>Step {step:,}</source>
            <translation>第 {step:,} 步</translation>
        </message>
    </context>
    <context>
        <name>PicturesPanel</name>
        <message>
            <location filename="../ui/dataset/grid.py" line="50" />
            <source>Show only the pictures of one class (subfolder).</source>
            <translation>只显示某一类别（子文件夹）的图片。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/grid.py" line="52" />
            <source>Show:</source>
            <translation>显示：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/grid.py" line="59" />
            <source>Thumbnail size</source>
            <translation>缩略图大小</translation>
        </message>
        <message>
            <location filename="../ui/dataset/grid.py" line="64" />
            <source>Thumbnail size:</source>
            <translation>缩略图大小：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/grid.py" line="76" />
            <source>Remove from set</source>
            <translation>从数据集中移除</translation>
        </message>
        <message>
            <location filename="../ui/dataset/grid.py" line="78" />
            <source>Leave the selected pictures out of training (or press Delete). The files stay on disk.</source>
            <translation>不用所选图片训练（也可按 Delete 键）。文件仍保留在磁盘上。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/grid.py" line="80" />
            <location filename="../ui/dataset/grid.py" line="148" />
            <source>Restore removed</source>
            <translation>恢复已移除的图片</translation>
        </message>
        <message>
            <location filename="../ui/dataset/grid.py" line="81" />
            <source>Put every picture you removed back into the set.</source>
            <translation>把您移除的所有图片放回数据集。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/grid.py" line="111" />
            <source>No pictures to show.</source>
            <translation>没有可显示的图片。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/grid.py" line="148" />
            <source>Restore removed ({n})</source>
            <translation>恢复已移除的图片（{n}）</translation>
        </message>
        <message>
            <location filename="../ui/dataset/grid.py" line="158" />
            <source>All classes ({n})</source>
            <translation>全部类别（{n}）</translation>
        </message>
        <message>
            <location filename="../ui/dataset/grid.py" line="172" />
            <source>{path}
{w} × {h} pixels · {mode} · {size}
Class: {cls}</source>
            <translation>{path}
{w} × {h} 像素 · {mode} · {size}
类别：{cls}</translation>
        </message>
        <message>
            <location filename="../ui/dataset/grid.py" line="194" />
            <source>{n} selected</source>
            <translation>已选择 {n} 张</translation>
        </message>
        <message>
            <location filename="../ui/dataset/grid.py" line="195" />
            <source>Select pictures and press Delete to leave them out.</source>
            <translation>选择图片后按 Delete 键即可把它们排除在外。</translation>
        </message>
    </context>
    <context>
        <name>PixelView</name>
        <message>
            <location filename="../ui/widgets/pixel_view.py" line="301" />
            <source>Fit</source>
            <translation>适应</translation>
        </message>
        <message>
            <location filename="../ui/widgets/pixel_view.py" line="301" />
            <location filename="../ui/widgets/pixel_view.py" line="304" />
            <source>{n}×</source>
            <translation>{n}×</translation>
        </message>
        <message>
            <location filename="../ui/widgets/pixel_view.py" line="303" />
            <source>Fit (whole pixels)</source>
            <translation>适应（整数倍像素）</translation>
        </message>
        <message>
            <location filename="../ui/widgets/pixel_view.py" line="303" />
            <source>1× (actual size)</source>
            <translation>1×（实际大小）</translation>
        </message>
        <message>
            <location filename="../ui/widgets/pixel_view.py" line="61" />
            <source>Shown with whole pixels, never smaller than the image itself. Ctrl + mouse wheel or right-click to zoom; drag to move around a large view.</source>
            <translation>按整数倍像素显示，绝不小于图像本身的大小。按住 Ctrl 滚动鼠标滚轮或右键单击可缩放；视图较大时可拖动查看。</translation>
        </message>
    </context>
    <context>
        <name>PreprocessPanel</name>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="40" />
            <location filename="../ui/dataset/preprocess_panel.py" line="153" />
            <source>{n} × {n} pixels</source>
            <translation>{n} × {n} 像素</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="42" />
            <source>The size of the square pictures the generator learns to make.
Bigger shows finer detail but trains much slower and needs more pictures.
64 × 64 is a good start; small defects may need 128.</source>
            <translation>生成器学习生成的正方形图片的尺寸。
尺寸越大细节越多，但训练慢得多，也需要更多图片。
建议从 64 × 64 开始；细小缺陷可能需要 128。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="46" />
            <source>Crop to fill the square</source>
            <translation>裁剪以填满正方形</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="47" />
            <source>Pad to keep the whole picture</source>
            <translation>填充以保留整张图片</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="49" />
            <source>Crop: the picture fills the whole square; the edges of its longer side are cut off.
Pad: the whole picture is kept; the empty space around it is filled with the background.
Use Pad if defects can sit at the edge of the picture.</source>
            <translation>裁剪：图片填满整个正方形，长边的两端会被裁掉。
填充：保留整张图片，周围的空白用背景色填充。
如果缺陷可能位于图片边缘，请选择“填充”。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="53" />
            <source>Colour</source>
            <translation>彩色</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="54" />
            <source>Grey</source>
            <translation>灰度</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="56" />
            <source>Grey pictures train a little faster and need less memory.
Keep Colour if colour matters, for example for rust or burn marks.</source>
            <translation>灰度图片训练稍快，占用内存也更少。
如果颜色很重要（例如锈迹或烧痕），请保留“彩色”。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="59" />
            <source>White</source>
            <translation>白色</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="60" />
            <source>Black</source>
            <translation>黑色</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="62" />
            <source>The colour used for see-through parts of pictures (for example PNGs with transparency)
and for the empty space that Pad leaves. Pick the colour closest to your backgrounds.</source>
            <translation>用于图片透明部分（例如带透明度的 PNG）
以及“填充”留下的空白处的颜色。请选择最接近您图片背景的颜色。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="67" />
            <source>Size:</source>
            <translation>尺寸：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="68" />
            <source>Fit:</source>
            <translation>适配：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="69" />
            <source>Colours:</source>
            <translation>颜色：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="70" />
            <source>Background:</source>
            <translation>背景：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="72" />
            <source>Original</source>
            <translation>原图</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="93" />
            <source>Files on disk are never changed.</source>
            <translation>磁盘上的文件绝不会被修改。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="115" />
            <location filename="../ui/dataset/preprocess_panel.py" line="180" />
            <source>No pictures yet</source>
            <translation>还没有图片</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="159" />
            <source>For training ({n} × {n})</source>
            <translation>用于训练（{n} × {n}）</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="219" />
            <source>Could not be read.</source>
            <translation>无法读取。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/preprocess_panel.py" line="224" />
            <source>The preview failed: {error}</source>
            <translation>预览失败：{error}</translation>
        </message>
    </context>
    <context>
        <name>QObject</name>
        <message>
            <location filename="../ui/dataset/stats.py" line="33" />
            <source>(no subfolder)</source>
            <translation>（无子文件夹）</translation>
        </message>
        <message>
            <location filename="../workers/training_worker.py" line="216" />
            <source>Training stopped because of an unexpected error: {error}</source>
            <translation>训练因意外错误而停止：{error}</translation>
        </message>
        <message>
            <location filename="../core/data/balance.py" line="18" />
            <source>The class '{name}' has only {count} pictures: too few for the model to learn it well. Add pictures to that folder (at least {least}), or merge it with a similar class folder.</source>
            <translation>类别“{name}”只有 {count} 张图片，太少，模型学不好。请往该文件夹添加图片（至少 {least} 张），或把它与相近的类别文件夹合并。</translation>
        </message>
        <message>
            <location filename="../core/data/images.py" line="38" />
            <source>The file is empty (0 bytes).</source>
            <translation>文件是空的（0 字节）。</translation>
        </message>
        <message>
            <location filename="../core/data/images.py" line="39" />
            <source>The file no longer exists.</source>
            <translation>文件已不存在。</translation>
        </message>
        <message>
            <location filename="../core/data/images.py" line="40" />
            <source>This is a folder, not a picture file.</source>
            <translation>这是一个文件夹，不是图片文件。</translation>
        </message>
        <message>
            <location filename="../core/data/images.py" line="41" />
            <source>This file is not a picture, or it is in a format the app cannot read.</source>
            <translation>这个文件不是图片，或者是本程序无法读取的格式。</translation>
        </message>
        <message>
            <location filename="../core/data/images.py" line="42" />
            <source>The picture is incomplete: the file seems to have been cut off (for example by an unfinished copy or download).</source>
            <translation>图片不完整：文件似乎被截断了（例如复制或下载没有完成）。</translation>
        </message>
        <message>
            <location filename="../core/data/images.py" line="43" />
            <source>The picture data is damaged and could not be decoded.</source>
            <translation>图片数据已损坏，无法解码。</translation>
        </message>
        <message>
            <location filename="../core/data/images.py" line="44" />
            <source>There is not enough memory to open this picture.</source>
            <translation>内存不足，无法打开这张图片。</translation>
        </message>
        <message>
            <location filename="../core/data/images.py" line="45" />
            <source>The picture is too large; the limit is 64 million pixels.</source>
            <translation>图片太大；上限为 6400 万像素。</translation>
        </message>
        <message>
            <location filename="../core/data/images.py" line="46" />
            <source>The file is too big to load (over 1 GB).</source>
            <translation>文件太大，无法载入（超过 1 GB）。</translation>
        </message>
        <message>
            <location filename="../core/data/images.py" line="47" />
            <source>The picture is too large ({width} x {height} pixels); the limit is {limit} million pixels.</source>
            <translation>图片太大（{width} x {height} 像素）；上限为 {limit} 百万像素。</translation>
        </message>
        <message>
            <location filename="../core/data/images.py" line="48" />
            <source>The file could not be read: permission denied.</source>
            <translation>无法读取文件：没有权限。</translation>
        </message>
        <message>
            <location filename="../core/data/images.py" line="49" />
            <source>The file could not be read ({detail}).</source>
            <translation>无法读取文件（{detail}）。</translation>
        </message>
        <message>
            <location filename="../core/data/images.py" line="50" />
            <source>The colour format of this picture ({mode}) is not supported.</source>
            <translation>不支持这张图片的颜色格式（{mode}）。</translation>
        </message>
        <message>
            <location filename="../core/data/scan.py" line="32" />
            <source>This file or folder does not exist.</source>
            <translation>该文件或文件夹不存在。</translation>
        </message>
        <message>
            <location filename="../core/data/scan.py" line="33" />
            <source>This is not a regular file or folder.</source>
            <translation>这不是普通的文件或文件夹。</translation>
        </message>
        <message>
            <location filename="../core/data/scan.py" line="34" />
            <source>Unsafe path in zip: this entry points outside the archive, so it was not used.</source>
            <translation>zip 中的路径不安全：此条目指向压缩包之外，因此未使用。</translation>
        </message>
        <message>
            <location filename="../core/data/scan.py" line="35" />
            <source>This folder could not be read: permission denied.</source>
            <translation>无法读取此文件夹：没有权限。</translation>
        </message>
        <message>
            <location filename="../core/data/scan.py" line="36" />
            <source>This folder could not be read.</source>
            <translation>无法读取此文件夹。</translation>
        </message>
        <message>
            <location filename="../core/data/sources.py" line="20" />
            <source>The zip file is damaged and could not be opened.</source>
            <translation>zip 文件已损坏，无法打开。</translation>
        </message>
        <message>
            <location filename="../core/data/sources.py" line="21" />
            <source>This entry of the zip file is damaged and could not be read.</source>
            <translation>zip 文件中的此条目已损坏，无法读取。</translation>
        </message>
        <message>
            <location filename="../core/data/sources.py" line="22" />
            <source>This entry of the zip file is password-protected.</source>
            <translation>zip 文件中的此条目有密码保护。</translation>
        </message>
        <message>
            <location filename="../core/data/sources.py" line="23" />
            <source>This entry of the zip file uses a compression method the app cannot read.</source>
            <translation>zip 文件中的此条目使用了本程序无法读取的压缩方式。</translation>
        </message>
        <message>
            <location filename="../core/data/sources.py" line="24" />
            <source>This entry is no longer in the zip file.</source>
            <translation>zip 文件中已没有这个条目。</translation>
        </message>
        <message>
            <location filename="../core/data/symmetry.py" line="33" />
            <source>"Parts at any angle" is on, but your pictures do not look alike turned: the generator will draw them at every angle. Set it to Auto or Off unless your parts really lie at any angle.</source>
            <translation>“零件任意角度”已开启，但您的图片旋转后与原图不再相似：生成器会把它们画成各种角度。除非您的零件确实可以任意角度摆放，否则请将其设为“自动”或“关闭”。</translation>
        </message>
        <message>
            <location filename="../core/feedback/finetune.py" line="51" />
            <source>Fine-tuning needs images rated good and images rated bad. Rate some of each first.</source>
            <translation>微调需要既有评为好的图像，也有评为差的图像。请先各评一些。</translation>
        </message>
        <message>
            <location filename="../core/feedback/finetune.py" line="52" />
            <source>Ratings of latents of size {size} can't be used with a model of size {z_dim}: they belong to another run.</source>
            <translation>大小为 {size} 的潜向量的评分不能用于大小为 {z_dim} 的模型：它们属于另一次运行。</translation>
        </message>
        <message>
            <location filename="../core/feedback/ratings_csv.py" line="28" />
            <source>{name} is not a ratings file from AIGC Desktop (no column {columns}).</source>
            <translation>{name} 不是 AIGC Desktop 的评分文件（缺少列 {columns}）。</translation>
        </message>
        <message>
            <location filename="../core/feedback/ratings_csv.py" line="29" />
            <source>{name}, row {row}: {error}</source>
            <translation>{name}，第 {row} 行：{error}</translation>
        </message>
        <message>
            <location filename="../core/feedback/ratings_csv.py" line="30" />
            <source>{name} can't be read as a ratings file ({error}).</source>
            <translation>无法将 {name} 作为评分文件读取（{error}）。</translation>
        </message>
        <message>
            <location filename="../core/feedback/ratings_csv.py" line="31" />
            <source>The tags must be a JSON list of words.</source>
            <translation>标签必须是由词语组成的 JSON 列表。</translation>
        </message>
        <message>
            <location filename="../core/feedback/ratings_csv.py" line="32" />
            <source>The row has {count} cells; a rating has {needed}.</source>
            <translation>这一行有 {count} 个单元格；一条评分需要 {needed} 个。</translation>
        </message>
        <message>
            <location filename="../core/feedback/records.py" line="21" />
            <source>A score is from 1 to 5 (got {score}).</source>
            <translation>分数应在 1 到 5 之间（实际为 {score}）。</translation>
        </message>
        <message>
            <location filename="../core/feedback/records.py" line="22" />
            <source>A rating's source is one of {sources} (got {source}).</source>
            <translation>评分的来源应为 {sources} 之一（实际为 {source}）。</translation>
        </message>
        <message>
            <location filename="../core/feedback/records.py" line="23" />
            <source>A rating is good (+1) or bad (-1), got {rating}.</source>
            <translation>评分应为好（+1）或差（-1），实际为 {rating}。</translation>
        </message>
        <message>
            <location filename="../core/feedback/records.py" line="24" />
            <source>A rating's latent must be a non-empty row of finite numbers.</source>
            <translation>评分的潜向量必须是一行非空的有限数值。</translation>
        </message>
        <message>
            <location filename="../core/feedback/store.py" line="64" />
            <source>The ratings in {path} were written by a newer version of AIGC Desktop (schema {schema}); please update the app.</source>
            <translation>{path} 中的评分由更新版本的 AIGC Desktop 写入（结构版本 {schema}）；请更新本软件。</translation>
        </message>
        <message>
            <location filename="../core/feedback/store.py" line="66" />
            <source>There is no model version {id} in this run.</source>
            <translation>此运行中没有模型版本 {id}。</translation>
        </message>
        <message>
            <location filename="../core/feedback/store.py" line="67" />
            <source>The ratings database {path} is in use by another program (another AIGC Desktop window?) and stayed locked. Close that program and try again.</source>
            <translation>评分数据库 {path} 正被另一个程序（另一个 AIGC Desktop 窗口？）使用并一直处于锁定状态。请关闭该程序后重试。</translation>
        </message>
        <message>
            <location filename="../core/feedback/store.py" line="69" />
            <source>The ratings database {path} can't be used ({error}).</source>
            <translation>无法使用评分数据库 {path}（{error}）。</translation>
        </message>
        <message>
            <location filename="../core/feedback/store.py" line="70" />
            <source>The ratings database {path} is damaged ({error}). Move it away to start a new one or restore a copy; ratings exported as CSV can be imported into the new one.</source>
            <translation>评分数据库 {path} 已损坏（{error}）。请将其移走以新建一个，或恢复一份备份；导出为 CSV 的评分可以导入新数据库。</translation>
        </message>
        <message>
            <location filename="../core/feedback/store.py" line="72" />
            <source>The ratings database refused the change ({error}).</source>
            <translation>评分数据库拒绝了这次修改（{error}）。</translation>
        </message>
        <message>
            <location filename="../core/feedback/store.py" line="73" />
            <source>A model version is one of {kinds} (got {kind}).</source>
            <translation>模型版本应为 {kinds} 之一（实际为 {kind}）。</translation>
        </message>
        <message>
            <location filename="../core/feedback/versions.py" line="31" />
            <source>Steering needs images of this model rated good and rated bad. Rate some of each first.</source>
            <translation>引导需要此模型的图像中既有评为好的，也有评为差的。请先各评一些。</translation>
        </message>
        <message>
            <location filename="../core/feedback/versions.py" line="32" />
            <source>The checkpoint could not be kept as a version ({error}).</source>
            <translation>无法将该检查点保存为一个版本（{error}）。</translation>
        </message>
        <message>
            <location filename="../core/run/checkpoints.py" line="27" />
            <source>There is no checkpoint file at {path}.</source>
            <translation>{path} 处没有检查点文件。</translation>
        </message>
        <message>
            <location filename="../core/run/checkpoints.py" line="28" />
            <source>{name} contains Python objects, not just weights, so it was not opened (it could run code). Only checkpoints written by AIGC Desktop can be loaded.</source>
            <translation>{name} 中含有 Python 对象而不只是权重，因此没有打开（它可能会执行代码）。只能加载由 AIGC Desktop 写入的检查点。</translation>
        </message>
        <message>
            <location filename="../core/run/checkpoints.py" line="30" />
            <source>{name} is damaged or incomplete and can't be read ({error}).</source>
            <translation>{name} 已损坏或不完整，无法读取（{error}）。</translation>
        </message>
        <message>
            <location filename="../core/run/checkpoints.py" line="31" />
            <source>{name} is not an AIGC Desktop checkpoint.</source>
            <translation>{name} 不是 AIGC Desktop 的检查点。</translation>
        </message>
        <message>
            <location filename="../core/run/checkpoints.py" line="32" />
            <source>{name} was written by a newer version of AIGC Desktop; please update.</source>
            <translation>{name} 由更新版本的 AIGC Desktop 写入；请更新本软件。</translation>
        </message>
        <message>
            <location filename="../core/run/checkpoints.py" line="33" />
            <source>{name} is not named like a checkpoint (ckpt-&lt;step&gt;.pt).</source>
            <translation>{name} 的名称不像检查点（应为 ckpt-&lt;step&gt;.pt）。</translation>
        </message>
        <message>
            <location filename="../core/run/checkpoints.py" line="34" />
            <source>{refused} Using {used} instead.</source>
            <translation>{refused} 改用 {used}。</translation>
        </message>
        <message>
            <location filename="../core/run/checkpoints.py" line="35" />
            <source>None of the {count} checkpoint files in {folder} can be loaded, so the run was not continued (continuing would start again from step 0).</source>
            <translation>{folder} 中的 {count} 个检查点文件都无法加载，因此没有继续这次训练（继续的话会从第 0 步重新开始）。</translation>
        </message>
        <message>
            <location filename="../core/run/checkpoints.py" line="37" />
            <source>{folder} holds no checkpoint, though the run trained to step {step}, so it was not continued (continuing would start again from step 0).</source>
            <translation>{folder} 中没有检查点，但这次训练已进行到第 {step} 步，因此没有继续（继续的话会从第 0 步重新开始）。</translation>
        </message>
        <message>
            <location filename="../core/run/cluster_job.py" line="73" />
            <source>WGAN-GP can't train on several GPUs; choose the bce or hinge loss for a cluster job.</source>
            <translation>WGAN-GP 不能在多个 GPU 上训练；集群任务请选择 bce 或 hinge 损失。</translation>
        </message>
        <message>
            <location filename="../core/run/cluster_job.py" line="74" />
            <source>A cluster job needs a number of steps (not minutes): set Steps.</source>
            <translation>集群任务需要设置步数（而不是分钟数）：请设置“步数”。</translation>
        </message>
        <message>
            <location filename="../core/run/cluster_job.py" line="75" />
            <source>GPUs per node must be 1 to 64 and nodes 1 to 1024.</source>
            <translation>每个节点的 GPU 数必须为 1 到 64，节点数必须为 1 到 1024。</translation>
        </message>
        <message>
            <location filename="../core/run/cluster_job.py" line="76" />
            <source>{folder} is not empty. Choose a new folder for the cluster job.</source>
            <translation>{folder} 不是空的。请为集群任务选择一个新文件夹。</translation>
        </message>
        <message>
            <location filename="../core/run/config.py" line="76" />
            <source>The learning rate {name} must be a number above 0 and at most 0.1 (got {value!r}).</source>
            <translation>学习率 {name} 必须是大于 0 且不超过 0.1 的数（当前为 {value!r}）。</translation>
        </message>
        <message>
            <location filename="../core/run/config.py" line="77" />
            <source>{name} must be at least 0 and below 1 (got {value!r}).</source>
            <translation>{name} 必须不小于 0 且小于 1（当前为 {value!r}）。</translation>
        </message>
        <message>
            <location filename="../core/run/config.py" line="78" />
            <source>minutes must be 0 (no time limit) or more (got {value!r}).</source>
            <translation>分钟数必须为 0（不限时）或更多（当前为 {value!r}）。</translation>
        </message>
        <message>
            <location filename="../core/run/config.py" line="79" />
            <source>Set a number of steps or of minutes to train for; both are 0, so training would never end.</source>
            <translation>请设置训练的步数或分钟数；两者都为 0，训练将永远不会结束。</translation>
        </message>
        <message>
            <location filename="../core/run/config.py" line="80" />
            <source>No settings file at {path}. Is this a run folder?</source>
            <translation>{path} 处没有设置文件。这是一个运行文件夹吗？</translation>
        </message>
        <message>
            <location filename="../core/run/config.py" line="81" />
            <source>The settings file {path} can't be read ({error}).</source>
            <translation>无法读取设置文件 {path}（{error}）。</translation>
        </message>
        <message>
            <location filename="../core/run/config.py" line="82" />
            <source>{name} must be one of {choices} (got {value!r}).</source>
            <translation>{name} 必须是 {choices} 之一（当前为 {value!r}）。</translation>
        </message>
        <message>
            <location filename="../core/run/config.py" line="83" />
            <source>{name} must be a whole number from {low} to {high} (got {value!r}).</source>
            <translation>{name} 必须是 {low} 到 {high} 之间的整数（当前为 {value!r}）。</translation>
        </message>
        <message>
            <location filename="../core/run/config.py" line="84" />
            <source>Training by class needs pictures sorted into two or more class folders (for example ok/ and crack/); these pictures have {count}. Sort them into folders, or set conditional training to off.</source>
            <translation>按类别训练需要把图片分到两个或更多类别文件夹中（例如 ok/ 和 crack/）；这些图片只有 {count} 个。请把图片分入文件夹，或关闭按类别训练。</translation>
        </message>
        <message>
            <location filename="../core/run/devices.py" line="13" />
            <source>CPU ({model}, {cores} cores)</source>
            <translation>CPU（{model}，{cores} 核）</translation>
        </message>
        <message>
            <location filename="../core/run/devices.py" line="14" />
            <source>CPU ({cores} cores)</source>
            <translation>CPU（{cores} 核）</translation>
        </message>
        <message>
            <location filename="../core/run/devices.py" line="15" />
            <source>The device '{choice}' is not available on this machine. Available: auto, {have}.</source>
            <translation>本机没有设备“{choice}”。可用的设备：auto、{have}。</translation>
        </message>
        <message>
            <location filename="../core/run/layout.py" line="32" />
            <source>{folder} is not a run folder (it has no config.json).</source>
            <translation>{folder} 不是训练文件夹（其中没有 config.json）。</translation>
        </message>
        <message>
            <location filename="../core/run/run_folder.py" line="27" />
            <source>{folder} already holds other files. Choose an empty or new folder for the run.</source>
            <translation>{folder} 中已有其他文件。请为本次运行选择一个空文件夹或新文件夹。</translation>
        </message>
        <message>
            <location filename="../core/run/run_folder.py" line="31" />
            <source>The run folder {folder} can't be written to ({error}), so it can't be trained further. Copy it to a folder you can write to and continue that copy. Its images can still be generated.</source>
            <translation>训练文件夹 {folder} 无法写入（{error}），因此不能继续训练。请把它复制到一个可以写入的文件夹，再继续训练那个副本。它仍然可以用来生成图片。</translation>
        </message>
        <message>
            <location filename="../core/run/run_folder.py" line="33" />
            <source>The run folder {folder} can't be made there ({error}). Choose a folder you can write to, such as one in your documents.</source>
            <translation>无法在那里创建训练文件夹 {folder}（{error}）。请选择一个可以写入的文件夹，例如“文档”中的文件夹。</translation>
        </message>
        <message>
            <location filename="../core/run/session.py" line="38" />
            <source>No usable images were found in the data you gave. Add a folder with PNG or JPEG pictures.</source>
            <translation>在您提供的数据中没有找到可用的图像。请添加包含 PNG 或 JPEG 图片的文件夹。</translation>
        </message>
        <message>
            <location filename="../core/run/session.py" line="39" />
            <source>No usable images were found in the data you gave. For example — {reasons}</source>
            <translation>在您提供的数据中没有找到可用的图像。例如：{reasons}</translation>
        </message>
        <message>
            <location filename="../core/run/session.py" line="40" />
            <source>The run stopped at step {step}, before its first checkpoint was written, so it starts again from step 0.</source>
            <translation>这次训练停在第 {step} 步，当时还没有写入第一个检查点，因此从第 0 步重新开始。</translation>
        </message>
        <message>
            <location filename="../core/run/session.py" line="42" />
            <source>The training pictures of this run are no longer in {folder}; this compares with them. Resume the run once to rebuild them.</source>
            <translation>此运行的训练图片已不在 {folder} 中，而这里需要与它们比较。请继续训练一次该运行以重建它们。</translation>
        </message>
        <message>
            <location filename="../core/run/training_loop.py" line="45" />
            <source>The quality score has not improved for {evals} evaluations: training longer is unlikely to help, and you can stop. The best images were at step {step:,}; their checkpoint: {path}</source>
            <translation>质量得分已连续 {evals} 次评估没有提高：继续训练不太可能有帮助，可以停止了。最好的图像出现在第 {step:,} 步；其检查点：{path}</translation>
        </message>
        <message>
            <location filename="../core/run/training_loop.py" line="47" />
            <source>The device ran out of memory. Continuing with a batch of {batch} images.</source>
            <translation>设备内存不足。改用每批 {batch} 张图像继续训练。</translation>
        </message>
        <message>
            <location filename="../core/run/training_loop.py" line="48" />
            <source>The loss became infinite or NaN at step {step} before any checkpoint was saved. Try a lower learning rate.</source>
            <translation>在保存任何检查点之前，损失在第 {step} 步变成了无穷大或 NaN。请尝试更低的学习率。</translation>
        </message>
        <message>
            <location filename="../core/run/training_loop.py" line="50" />
            <source>The loss became NaN or infinite at step {step}. Went back to the checkpoint of step {back_to} and halved the learning rate (now ×{scale:g} of the setting).</source>
            <translation>损失在第 {step} 步变成了 NaN 或无穷大。已退回到第 {back_to} 步的检查点，并将学习率减半（现在为设定值的 ×{scale:g}）。</translation>
        </message>
        <message>
            <location filename="../core/run/training_loop.py" line="52" />
            <source>The discriminator has won outright since step {step}: the generator is not learning and the images may have collapsed. Try DiffAugment, spectral norm, or a lower discriminator learning rate, or go back to an earlier checkpoint.</source>
            <translation>从第 {step} 步起判别器完全占了上风：生成器没有在学习，图像可能已经崩塌。请尝试 DiffAugment、谱归一化或更低的判别器学习率，或者退回到更早的检查点。</translation>
        </message>
        <message>
            <location filename="../core/run/training_loop.py" line="56" />
            <source>The disk holding {folder} is full, so training stopped at step {step}. {kept} Free some space, or move the run folder to a larger disk, then resume the run.</source>
            <translation>{folder} 所在的磁盘已满，训练已在第 {step} 步停止。{kept} 请腾出一些空间，或把训练文件夹移到更大的磁盘，然后继续训练。</translation>
        </message>
        <message>
            <location filename="../core/run/training_loop.py" line="58" />
            <source>The last good checkpoint, of step {step}, is kept.</source>
            <translation>最后一个完好的检查点（第 {step} 步）已保留。</translation>
        </message>
        <message>
            <location filename="../core/run/training_loop.py" line="59" />
            <source>No checkpoint of this run could be written.</source>
            <translation>这次训练还没能写入任何检查点。</translation>
        </message>
        <message>
            <location filename="../core/sampling/class_agreement.py" line="53" />
            <source>Generated '{name}' pictures look like '{name}' to a classifier trained on your pictures only {agreement:.0%} of the time.</source>
            <translation>在仅用您的图片训练的分类器看来，生成的“{name}”图片只有 {agreement:.0%} 像“{name}”。</translation>
        </message>
        <message>
            <location filename="../core/sampling/class_agreement.py" line="55" />
            <source>Pictures made for each class look like that class to a classifier trained on your pictures {agreement:.0%} of the time (your own pictures: {real:.0%}).</source>
            <translation>用您的图片训练的分类器认为，为每个类别生成的图片有 {agreement:.0%} 像该类别（您自己的图片：{real:.0%}）。</translation>
        </message>
        <message>
            <location filename="../core/sampling/class_agreement.py" line="57" />
            <source>A classifier trained on your pictures can't tell your classes apart at this size ({accuracy:.0%} right, guessing: {chance:.0%}), so the score can't check that each class looks like itself.</source>
            <translation>在这个尺寸下，用您的图片训练的分类器分不清您的各个类别（正确率 {accuracy:.0%}，随机猜测：{chance:.0%}），因此评分无法检查每个类别的图片是否像该类别。</translation>
        </message>
        <message>
            <location filename="../core/sampling/class_agreement.py" line="59" />
            <source>The model is still being taught your classes (in full from step {step:,}): until then, pictures that don't look like their class are expected.</source>
            <translation>模型仍在学习您的类别（从第 {step:,} 步起完全学会）：在此之前，图片不像其类别是正常的。</translation>
        </message>
        <message>
            <location filename="../core/sampling/class_agreement.py" line="61" />
            <source>Teaching a classifier your {count} classes, once for this run, so the score can check that the pictures made for each class look like it (about a minute).</source>
            <translation>正在让一个分类器学习您的 {count} 个类别（本次训练只做一次，约一分钟），以便评分检查为每个类别生成的图片是否像该类别。</translation>
        </message>
        <message>
            <location filename="../core/sampling/coverage.py" line="71" />
            <source>Almost every one of your pictures has a generated look-alike.</source>
            <translation>你的图片几乎每一张都有相似的生成图像。</translation>
        </message>
        <message>
            <location filename="../core/sampling/coverage.py" line="72" />
            <source>About {percent} % of your pictures have no generated look-alike.</source>
            <translation>你的图片中约有 {percent} % 没有相似的生成图像。</translation>
        </message>
        <message>
            <location filename="../core/sampling/coverage.py" line="73" />
            <source>About {percent} % of the generated images look like none of your pictures.</source>
            <translation>约 {percent} % 的生成图像与你的任何一张图片都不像。</translation>
        </message>
        <message>
            <location filename="../core/sampling/coverage.py" line="74" />
            <source>About {percent} % of the generated images are near-copies of your pictures.</source>
            <translation>约 {percent} % 的生成图像几乎是你的图片的复制品。</translation>
        </message>
        <message>
            <location filename="../core/sampling/coverage.py" line="75" />
            <source>The generated images are darker than your pictures.</source>
            <translation>生成图像比你的图片更暗。</translation>
        </message>
        <message>
            <location filename="../core/sampling/coverage.py" line="76" />
            <source>The generated images are brighter than your pictures.</source>
            <translation>生成图像比你的图片更亮。</translation>
        </message>
        <message>
            <location filename="../core/sampling/coverage.py" line="77" />
            <source>The generated images have a colour cast that your pictures don't have.</source>
            <translation>生成图像有一种你的图片没有的偏色。</translation>
        </message>
        <message>
            <location filename="../core/sampling/generation.py" line="26" />
            <source>The run {run} has no checkpoint yet. Train it for a while first.</source>
            <translation>运行 {run} 还没有检查点。请先训练一段时间。</translation>
        </message>
        <message>
            <location filename="../core/sampling/generation.py" line="27" />
            <source>None of the {count} checkpoints of {run} can be loaded. The newest: {reason}</source>
            <translation>{run} 的 {count} 个检查点都无法加载。最新的一个：{reason}</translation>
        </message>
        <message>
            <location filename="../core/sampling/generation.py" line="28" />
            <source>This model was not trained by class, so it can't make pictures of one class. Train with conditional training on (pictures sorted into class folders) to choose a class.</source>
            <translation>该模型不是按类别训练的，无法只生成某一类别的图片。请开启按类别训练（图片按类别分文件夹）后再选择类别。</translation>
        </message>
        <message>
            <location filename="../core/sampling/generation.py" line="30" />
            <source>There is no class called '{name}'. This model's classes: {classes}.</source>
            <translation>没有名为“{name}”的类别。该模型的类别：{classes}。</translation>
        </message>
        <message>
            <location filename="../core/sampling/labelled_export.py" line="47" />
            <source>Export from 1 to {limit:,} pictures per class (asked for {count!r}).</source>
            <translation>每个类别可导出 1 到 {limit:,} 张图片（要求的是 {count!r}）。</translation>
        </message>
        <message>
            <location filename="../core/sampling/labelled_export.py" line="48" />
            <source>Keep the best K of every M pictures with 1 ≤ K ≤ M ≤ 10,000 (got K = {k!r}, M = {m!r}).</source>
            <translation>每 M 张图片中保留最好的 K 张，需满足 1 ≤ K ≤ M ≤ 10,000（当前 K = {k!r}，M = {m!r}）。</translation>
        </message>
        <message>
            <location filename="../core/sampling/labelled_export.py" line="49" />
            <source>{folder} already holds an exported dataset ({manifest}). Choose an empty or new folder, so the two exports don't mix.</source>
            <translation>{folder} 中已有一个导出的数据集（{manifest}）。请选择一个空文件夹或新文件夹，以免两次导出混在一起。</translation>
        </message>
        <message>
            <location filename="../core/sampling/labelled_export.py" line="51" />
            <source>The disk is full: the export stopped after {count:,} pictures. Those pictures and the manifest are complete and match; free some space and export again to get the rest.</source>
            <translation>磁盘已满：导出在 {count:,} 张图片后停止。已导出的图片与清单完整且一致；请腾出空间后再次导出其余部分。</translation>
        </message>
        <message>
            <location filename="../core/sampling/labelled_export.py" line="53" />
            <source>The disk is full: the zip was not written. Free some space, or export to a folder.</source>
            <translation>磁盘已满：未写入 zip 文件。请腾出空间，或导出到文件夹。</translation>
        </message>
        <message>
            <location filename="../core/sampling/labelled_export.py" line="54" />
            <source>Only {count:,} of {wanted:,} pictures of '{name}' were exported: the others the model made were near-copies of your training pictures. Train longer, or add pictures of that class.</source>
            <translation>“{name}”只导出了 {count:,} / {wanted:,} 张图片：模型生成的其余图片与您的训练图片几乎相同。请训练更久，或为该类别添加图片。</translation>
        </message>
        <message>
            <location filename="../core/sampling/usefulness.py" line="44" />
            <source>This run has no held-out pictures to test on: only runs trained by class (pictures in class folders) keep some aside when they start. Train by class to get a usefulness report.</source>
            <translation>此运行没有预留的测试图片：只有按类别训练的运行（图片分在类别文件夹中）才会在开始时预留一部分。请按类别训练以获得有用性报告。</translation>
        </message>
        <message>
            <location filename="../core/sampling/usefulness.py" line="46" />
            <source>The generated pictures help: a classifier trained on your pictures and the generated ones gets {with_:.0%} of your held-out pictures right, against {without:.0%} with your pictures alone (spread ±{spread:.0%}).</source>
            <translation>生成的图片有帮助：用您的图片加生成图片训练的分类器，对预留图片的正确率为 {with_:.0%}，仅用您的图片时为 {without:.0%}（波动 ±{spread:.0%}）。</translation>
        </message>
        <message>
            <location filename="../core/sampling/usefulness.py" line="48" />
            <source>The generated pictures make the classifier worse: {with_:.0%} of your held-out pictures right with them, {without:.0%} without (spread ±{spread:.0%}). Train the model longer before using its pictures.</source>
            <translation>生成的图片让分类器变差：加入它们时预留图片正确率为 {with_:.0%}，不加时为 {without:.0%}（波动 ±{spread:.0%}）。请先把模型训练得更久，再使用它的图片。</translation>
        </message>
        <message>
            <location filename="../core/sampling/usefulness.py" line="50" />
            <source>No clear difference: {with_:.0%} of your held-out pictures right with the generated pictures, {without:.0%} without; the spread between repeats (±{spread:.0%}) is as large as the difference.</source>
            <translation>没有明显差别：加入生成图片时预留图片正确率为 {with_:.0%}，不加时为 {without:.0%}；重复之间的波动（±{spread:.0%}）与差别一样大。</translation>
        </message>
        <message>
            <location filename="../core/sampling/usefulness.py" line="52" />
            <source>Trained on generated pictures alone, the classifier gets {synthetic:.0%} right: the generator has learnt {share:.0%} of what tells your classes apart.</source>
            <translation>只用生成图片训练时，分类器正确率为 {synthetic:.0%}：生成器学到了区分您各类别所需信息的 {share:.0%}。</translation>
        </message>
        <message>
            <location filename="../core/sampling/usefulness.py" line="54" />
            <source>Only {count} held-out pictures: read these figures as rough.</source>
            <translation>只有 {count} 张预留图片：这些数字仅供粗略参考。</translation>
        </message>
        <message>
            <location filename="../core/sampling/usefulness.py" line="55" />
            <source>Trained on your {count:,} pictures alone, the classifier is no better than guessing on the held-out ones ({accuracy:.0%}; guessing: {chance:.0%}): too few pictures for it to learn your classes, so this report can't tell whether the generated pictures help. Add pictures, or train the model by class on a larger set.</source>
            <translation>只用您的 {count:,} 张图片训练时，分类器在预留图片上的表现不比瞎猜好（{accuracy:.0%}；瞎猜：{chance:.0%}）：图片太少，分类器学不会您的类别，因此本报告无法判断生成图片是否有帮助。请添加图片，或在更大的数据集上按类别训练模型。</translation>
        </message>
        <message>
            <location filename="../workers/job_context.py" line="32" />
            <source>The training pictures of {run} are no longer in its cache folder, so the images can't be compared with them. Resuming the run in the Training tab prepares them again.</source>
            <translation>{run} 的训练图片已不在其缓存文件夹中，因此无法与之比较。在训练页中继续该运行会重新准备这些图片。</translation>
        </message>
        <message>
            <location filename="../workers/thumbnail_jobs.py" line="27" />
            <source>There is no picture to show.</source>
            <translation>没有可显示的图片。</translation>
        </message>
    </context>
    <context>
        <name>RatingBatchModel</name>
        <message>
            <location filename="../ui/feedback/batch.py" line="106" />
            <source>Image {index}</source>
            <translation>图像 {index}</translation>
        </message>
        <message>
            <location filename="../ui/feedback/batch.py" line="108" />
            <source>Seed {seed}, ψ {psi:.2f}</source>
            <translation>种子 {seed}，ψ {psi:.2f}</translation>
        </message>
        <message>
            <location filename="../ui/feedback/batch.py" line="110" />
            <source>Rated good</source>
            <translation>评为好</translation>
        </message>
        <message>
            <location filename="../ui/feedback/batch.py" line="110" />
            <source>Rated bad</source>
            <translation>评为差</translation>
        </message>
        <message>
            <location filename="../ui/feedback/batch.py" line="112" />
            <source>Not rated yet</source>
            <translation>尚未评分</translation>
        </message>
        <message>
            <location filename="../ui/feedback/batch.py" line="114" />
            <source>Score {score} of 5</source>
            <translation>得分 {score}/5</translation>
        </message>
        <message>
            <location filename="../ui/feedback/batch.py" line="116" />
            <source>Tags: {tags}</source>
            <translation>标签：{tags}</translation>
        </message>
    </context>
    <context>
        <name>RatingPanel</name>
        <message>
            <location filename="../ui/feedback/rating.py" line="31" />
            <source>Good  (G)</source>
            <translation>好  (G)</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="32" />
            <source>This image is what you want. Key: G</source>
            <translation>这张图像是您想要的。按键：G</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="35" />
            <source>Bad  (B)</source>
            <translation>差  (B)</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="36" />
            <source>This image is not what you want. Key: B</source>
            <translation>这张图像不是您想要的。按键：B</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="52" />
            <source>Score {n} of 5 (optional). Key: {n}; 0 clears it.</source>
            <translation>得分 {n}/5（可选）。按键：{n}；0 清除。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="59" />
            <source>defect visible</source>
            <translation>缺陷可见</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="59" />
            <source>artefact</source>
            <translation>伪影</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="59" />
            <source>off-spec</source>
            <translation>不合规格</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="67" />
            <source>Tag the next rating with “{tag}”.</source>
            <translation>给下一条评分加上标签“{tag}”。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="72" />
            <source>More tags, separated by commas</source>
            <translation>更多标签，用逗号分隔</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="73" />
            <source>Your own tags for the next rating, e.g. “burr, too dark”.</source>
            <translation>下一条评分的自定义标签，例如“毛刺, 太暗”。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="76" />
            <source>Comment (optional)</source>
            <translation>备注（可选）</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="77" />
            <source>A note stored with the next rating.</source>
            <translation>随下一条评分保存的备注。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="78" />
            <source>Undo last rating  (Ctrl+Z)</source>
            <translation>撤销上一条评分  (Ctrl+Z)</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="79" />
            <source>Take back your most recent rating.</source>
            <translation>撤回您最近的一条评分。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="83" />
            <source>&lt;b&gt;Keys&lt;/b&gt;: G good · B bad · ← → move · 1–5 score · Ctrl+Z undo · N new batch</source>
            <translation>&lt;b&gt;按键&lt;/b&gt;：G 好 · B 差 · ← → 移动 · 1–5 得分 · Ctrl+Z 撤销 · N 新一批</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="88" />
            <source>Score</source>
            <translation>得分</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="90" />
            <source>Tags</source>
            <translation>标签</translation>
        </message>
        <message>
            <location filename="../ui/feedback/rating.py" line="93" />
            <source>Comment</source>
            <translation>备注</translation>
        </message>
    </context>
    <context>
        <name>SamplePreview</name>
        <message>
            <location filename="../ui/training/preview.py" line="38" />
            <source>Live samples (same noise each time)</source>
            <translation>实时样本（每次使用相同的噪声）</translation>
        </message>
        <message>
            <location filename="../ui/training/preview.py" line="40" />
            <source>Samples appear here a few seconds after training starts.</source>
            <translation>训练开始几秒后，样本会显示在这里。</translation>
        </message>
        <message>
            <location filename="../ui/training/preview.py" line="45" />
            <source>Zoom</source>
            <translation>缩放</translation>
        </message>
        <message>
            <location filename="../ui/training/preview.py" line="124" />
            <source>Step {step} · shown at {zoom}×</source>
            <translation>第 {step} 步 · 显示为 {zoom}×</translation>
        </message>
        <message>
            <location filename="../ui/training/preview.py" line="126" />
            <source>Step {step} · samples of {px} × {px} px, shown at {zoom}×</source>
            <translation>第 {step} 步 · 样本 {px} × {px} 像素，显示为 {zoom}×</translation>
        </message>
    </context>
    <context>
        <name>ScanBar</name>
        <message>
            <location filename="../ui/dataset/scanner.py" line="114" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../ui/dataset/scanner.py" line="115" />
            <source>Stop scanning; the pictures checked so far are kept.</source>
            <translation>停止扫描；已检查的图片会保留。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/scanner.py" line="120" />
            <source>Hide this message</source>
            <translation>隐藏此消息</translation>
        </message>
        <message>
            <location filename="../ui/dataset/scanner.py" line="160" />
            <source>The scan failed: {error}</source>
            <translation>扫描失败：{error}</translation>
        </message>
        <message>
            <location filename="../ui/dataset/scanner.py" line="160" />
            <source>unknown error</source>
            <translation>未知错误</translation>
        </message>
        <message>
            <location filename="../ui/dataset/scanner.py" line="161" />
            <location filename="../ui/dataset/scanner.py" line="165" />
            <source>Scan again</source>
            <translation>重新扫描</translation>
        </message>
        <message>
            <location filename="../ui/dataset/scanner.py" line="163" />
            <source>Scan cancelled: {n} pictures were checked before it stopped, and only these are used.</source>
            <translation>扫描已取消：停止前检查了 {n} 张图片，只使用这些图片。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/scanner.py" line="167" />
            <source>No usable pictures were found. Add a folder with PNG or JPEG pictures.</source>
            <translation>没有找到可用的图片。请添加包含 PNG 或 JPEG 图片的文件夹。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/scanner.py" line="168" />
            <location filename="../ui/dataset/scanner.py" line="172" />
            <source>Show skipped files</source>
            <translation>显示已跳过的文件</translation>
        </message>
        <message>
            <location filename="../ui/dataset/scanner.py" line="170" />
            <source>{ready} {n} files were skipped because they could not be read.</source>
            <translation>{ready} 有 {n} 个文件无法读取，已跳过。</translation>
        </message>
    </context>
    <context>
        <name>SkippedModel</name>
        <message>
            <location filename="../ui/dataset/stats.py" line="150" />
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="150" />
            <source>Why it was skipped</source>
            <translation>跳过原因</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="150" />
            <source>Location</source>
            <translation>位置</translation>
        </message>
    </context>
    <context>
        <name>SourcesPanel</name>
        <message>
            <location filename="../ui/dataset/sources.py" line="152" />
            <source>Add folder…</source>
            <translation>添加文件夹…</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="153" />
            <source>Add a folder; its subfolders become classes.</source>
            <translation>添加一个文件夹；其中的子文件夹会成为类别。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="154" />
            <source>Add files…</source>
            <translation>添加文件…</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="155" />
            <source>Add single pictures or .zip files of pictures.</source>
            <translation>添加单张图片，或包含图片的 .zip 文件。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="156" />
            <source>Use demo</source>
            <translation>使用示例</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="157" />
            <source>Add the built-in demo set (340 pictures of machined parts).</source>
            <translation>添加内置的示例数据集（340 张机加工零件图片）。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="158" />
            <source>Remove source</source>
            <translation>移除来源</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="159" />
            <source>Stop using the selected sources. Nothing is deleted from disk.</source>
            <translation>不再使用所选来源。磁盘上的文件不会被删除。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="185" />
            <source>Add a folder of pictures</source>
            <translation>添加图片文件夹</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="190" />
            <source>Pictures and zip files ({patterns});;All files (*)</source>
            <translation>图片和 zip 文件 ({patterns});;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="191" />
            <source>Add pictures or zip files</source>
            <translation>添加图片或 zip 文件</translation>
        </message>
        <message>
            <location filename="../ui/dataset/sources.py" line="218" />
            <source>Demo dataset</source>
            <translation>示例数据集</translation>
        </message>
    </context>
    <context>
        <name>Splash</name>
        <message>
            <location filename="../app.py" line="110" />
            <source>Starting AIGC Desktop…</source>
            <translation>正在启动 AIGC Desktop…</translation>
        </message>
    </context>
    <context>
        <name>StartOverBox</name>
        <message>
            <location filename="../ui/training/start_over.py" line="14" />
            <source>The run can't be continued</source>
            <translation>无法继续这次训练</translation>
        </message>
        <message>
            <location filename="../ui/training/start_over.py" line="15" />
            <source>{run} can't be continued from where it stopped.</source>
            <translation>{run} 无法从停止处继续。</translation>
        </message>
        <message>
            <location filename="../ui/training/start_over.py" line="18" />
            <source>Train it again from step 0? The files that failed to load are kept in checkpoints/refused/, nothing is deleted.</source>
            <translation>要从第 0 步重新训练吗？无法加载的文件保留在 checkpoints/refused/ 中，不会删除任何文件。</translation>
        </message>
        <message>
            <location filename="../ui/training/start_over.py" line="21" />
            <source>Start over from step 0</source>
            <translation>从第 0 步重新开始</translation>
        </message>
    </context>
    <context>
        <name>StatsPanel</name>
        <message>
            <location filename="../ui/dataset/stats.py" line="47" />
            <source>Found:</source>
            <translation>找到：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="47" />
            <source>Picture files found in the sources, readable or not.</source>
            <translation>在来源中找到的图片文件（无论能否读取）。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="48" />
            <source>Used:</source>
            <translation>使用：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="48" />
            <source>Pictures that training will learn from.</source>
            <translation>训练将要学习的图片。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="49" />
            <source>Skipped:</source>
            <translation>跳过：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="49" />
            <source>Files that could not be read; see the Skipped files tab.</source>
            <translation>无法读取的文件；详见“已跳过的文件”页。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="50" />
            <source>Removed:</source>
            <translation>移除：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="50" />
            <source>Pictures you left out of the set (the files are untouched).</source>
            <translation>您从数据集中排除的图片（文件本身不受影响）。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="51" />
            <source>Width:</source>
            <translation>宽度：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="51" />
            <source>Smallest, middle (median) and largest picture width.</source>
            <translation>图片宽度的最小值、中位数和最大值。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="52" />
            <source>Height:</source>
            <translation>高度：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="52" />
            <source>Smallest, middle (median) and largest picture height.</source>
            <translation>图片高度的最小值、中位数和最大值。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="53" />
            <source>Colour:</source>
            <translation>颜色：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="53" />
            <source>How many pictures are in colour and how many in grey.</source>
            <translation>彩色图片和灰度图片各有多少张。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="54" />
            <source>Formats:</source>
            <translation>格式：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="54" />
            <source>Pixel formats as stored in the files (RGB, L = grey, RGBA = with transparency, P = palette, …).</source>
            <translation>文件中存储的像素格式（RGB；L = 灰度；RGBA = 带透明度；P = 调色板；…）。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="56" />
            <source>Classes:</source>
            <translation>类别：</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="56" />
            <source>Subfolders become classes; pictures per class.</source>
            <translation>子文件夹即类别；显示每个类别的图片数。</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="88" />
            <source>{colour} colour, {grey} grey</source>
            <translation>彩色 {colour} 张，灰度 {grey} 张</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="103" />
            <source>{n} px (all the same)</source>
            <translation>{n} 像素（全部相同）</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="104" />
            <source>{lo} – {hi} px (median {mid})</source>
            <translation>{lo} – {hi} 像素（中位数 {mid}）</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="110" />
            <source>none (no subfolders)</source>
            <translation>无（没有子文件夹）</translation>
        </message>
        <message>
            <location filename="../ui/dataset/stats.py" line="113" />
            <source>… and {n} more</source>
            <translation>… 还有 {n} 个</translation>
        </message>
    </context>
    <context>
        <name>StatusWords</name>
        <message>
            <location filename="../ui/gallery/status.py" line="16" />
            <source>Making images…</source>
            <translation>正在生成图像…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="17" />
            <source>Redrawing the images with the new variety…</source>
            <translation>正在按新的多样性重新绘制图像…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="18" />
            <source>Ranking the images by the discriminator…</source>
            <translation>正在按判别器给图像排序…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="19" />
            <source>Making images and keeping the best…</source>
            <translation>正在生成图像并保留最好的…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="20" />
            <source>Comparing the images with the training pictures…</source>
            <translation>正在把图像与训练图片比较…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="21" />
            <source>Computing the quality score…</source>
            <translation>正在计算质量分…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="22" />
            <source>Exporting images…</source>
            <translation>正在导出图像…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="23" />
            <source>Exporting the labelled dataset…</source>
            <translation>正在导出带标签的数据集…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="24" />
            <source>Training small classifiers to see whether the pictures help…</source>
            <translation>正在训练小型分类器，检验这些图片是否有帮助…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="25" />
            <source>Working…</source>
            <translation>正在处理…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="29" />
            <source>Loading the model…</source>
            <translation>正在加载模型…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="31" />
            <source>Teaching a classifier your classes, once for this run, to check each looks like itself…</source>
            <translation>正在让分类器学习您的类别（本次训练只做一次），以检查每个类别的图片是否像该类别…</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="34" />
            <source>{what} {done:,} / {total:,}</source>
            <translation>{what} {done:,} / {total:,}</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="38" />
            <source>Redrew {n:,} images with variety ψ {psi:.2f} in {s:.1f} s.</source>
            <translation>已按多样性 ψ {psi:.2f} 重新绘制 {n:,} 张图像，耗时 {s:.1f} 秒。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="41" />
            <source>Made {n:,} images in {s:.1f} s.</source>
            <translation>已生成 {n:,} 张图像，耗时 {s:.1f} 秒。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="43" />
            <source>This checkpoint has no averaged (EMA) generator: the live one was used.</source>
            <translation>此检查点没有平均（EMA）生成器：已改用实时生成器。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="48" />
            <source>Nothing to rank.</source>
            <translation>没有可排序的图像。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="49" />
            <source>Ranked {n:,} images, best first (scores {hi:.2f} to {lo:.2f}).</source>
            <translation>已给 {n:,} 张图像排序，最好的在前（分数从 {hi:.2f} 到 {lo:.2f}）。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="53" />
            <source>Kept the best {k:,} of {n:,} images, best first.</source>
            <translation>已从 {n:,} 张图像中保留最好的 {k:,} 张，最好的在前。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="57" />
            <source>No near-copies: none of the {n:,} images copies a training picture.</source>
            <translation>没有近似副本：{n:,} 张图像都没有照抄训练图片。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="58" />
            <source>⚠ {k:,} of {n:,} images are near-copies of training pictures (marked ⚠).</source>
            <translation>⚠ {n:,} 张图像中有 {k:,} 张是训练图片的近似副本（已用 ⚠ 标出）。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="65" />
            <source>No images yet: press Generate.</source>
            <translation>还没有图像：请点击“生成”。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="66" />
            <source>{n:,} images · step {step:,} · seed {seed}</source>
            <translation>{n:,} 张图像 · 第 {step:,} 步 · 种子 {seed}</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="70" />
            <source>ranked</source>
            <translation>已排序</translation>
        </message>
        <message>
            <location filename="../ui/gallery/status.py" line="72" />
            <source>{k:,} near-copies</source>
            <translation>{k:,} 张近似副本</translation>
        </message>
    </context>
    <context>
        <name>TallyPanel</name>
        <message>
            <location filename="../ui/feedback/layout.py" line="69" />
            <location filename="../ui/feedback/layout.py" line="89" />
            <source>No ratings yet.</source>
            <translation>还没有评分。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="72" />
            <source>Export CSV…</source>
            <translation>导出 CSV…</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="73" />
            <source>Save all ratings to a CSV file, to share with your team.</source>
            <translation>将所有评分保存为 CSV 文件，与团队共享。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="74" />
            <source>Import CSV…</source>
            <translation>导入 CSV…</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="76" />
            <source>Add the ratings of a CSV file exported by AIGC Desktop; ones already here are skipped.</source>
            <translation>添加由 AIGC Desktop 导出的 CSV 文件中的评分；已有的评分会被跳过。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="91" />
            <source>{total:,} ratings: {good:,} good, {bad:,} bad.</source>
            <translation>共 {total:,} 条评分：{good:,} 条好，{bad:,} 条差。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="95" />
            <source>Version in use (v{id}): {n:,} rated, {share:.0%} good.</source>
            <translation>当前版本（v{id}）：已评 {n:,} 张，{share:.0%} 为好。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="98" />
            <source>Most used tags: {tags}</source>
            <translation>最常用的标签：{tags}</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="108" />
            <source>Export ratings</source>
            <translation>导出评分</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="108" />
            <location filename="../ui/feedback/layout.py" line="113" />
            <source>CSV (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <location filename="../ui/feedback/layout.py" line="113" />
            <source>Import ratings</source>
            <translation>导入评分</translation>
        </message>
    </context>
    <context>
        <name>ThumbnailModel</name>
        <message>
            <location filename="../ui/widgets/image_grid.py" line="188" />
            <source>The picture could not be read.</source>
            <translation>无法读取这张图片。</translation>
        </message>
    </context>
    <context>
        <name>TrainingMonitor</name>
        <message>
            <location filename="../ui/training/monitor.py" line="44" />
            <source>Not started</source>
            <translation>尚未开始</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="49" />
            <source>Losses</source>
            <translation>损失</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="50" />
            <source>D loss (judge)</source>
            <translation>D 损失（判别器）</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="51" />
            <source>G loss (image maker)</source>
            <translation>G 损失（生成器）</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="54" />
            <source>How well each network is doing against the other. They should wobble around a level; if D loss drops to almost zero and stays there, the judge has won and the images may collapse.</source>
            <translation>两个网络相互较量的情况。两条曲线应在某个水平上下波动；如果 D 损失降到接近零并一直停在那里，说明判别器已经完胜，图像可能会崩溃。</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="56" />
            <source>Discriminator verdicts</source>
            <translation>判别器判断</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="57" />
            <source>D(x): real pictures</source>
            <translation>D(x)：真实图片</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="58" />
            <source>D(G(z)): generated</source>
            <translation>D(G(z))：生成图片</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="61" />
            <source>How real the judge thinks your pictures and the generated ones are (1 = surely real). Healthy training keeps the two lines apart but not at 1 and 0.</source>
            <translation>判别器认为您的图片和生成的图片有多真实（1 = 肯定是真的）。训练正常时，两条线保持分开，但不会停在 1 和 0。</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="63" />
            <source>Quality score (lower is better)</source>
            <translation>质量分（越低越好）</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="64" />
            <source>quality score</source>
            <translation>质量分</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="67" />
            <source>How far the generated images are from your pictures in fine and coarse detail, made worse for every image that looks like none of your pictures or copies one, and for every kind of picture the model does not make. Measured every so often without any download; the best checkpoint is the one with the lowest score. When it stops going down, more training will not help much.</source>
            <translation>生成的图像在细节和整体上与您的图片相差多远；每有一张图像不像您的任何图片或复制了某张图片，每有一类图片模型做不出来，分数都会变差。每隔一段时间测量一次，无需下载任何东西；分数最低的检查点就是最佳检查点。当它不再下降时，再多训练也帮助不大。</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="76" />
            <source>Checkpoints, warnings and recoveries are listed here.</source>
            <translation>检查点、警告和恢复记录会列在这里。</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="111" />
            <source>Starting…</source>
            <translation>正在开始…</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="137" />
            <source>Step {step} of {total} (%p%)</source>
            <translation>第 {step} / {total} 步（%p%）</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="143" />
            <source>Step {step}</source>
            <translation>第 {step} 步</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="144" />
            <source>{ips:.0f} images/s · elapsed {elapsed} · remaining {eta}</source>
            <translation>{ips:.0f} 张/秒 · 已用 {elapsed} · 剩余 {eta}</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="158" />
            <source>Warning</source>
            <translation>警告</translation>
        </message>
        <message>
            <location filename="../ui/training/monitor.py" line="158" />
            <source>Error</source>
            <translation>错误</translation>
        </message>
    </context>
    <context>
        <name>TrainingSettings</name>
        <message>
            <location filename="../ui/training/settings_form.py" line="59" />
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="63" />
            <source>Where the training runs. Auto uses an NVIDIA graphics card when there is one (much faster), otherwise the processor (CPU).</source>
            <translation>在哪里训练。“自动”会在有 NVIDIA 显卡时使用显卡（快得多），否则使用处理器（CPU）。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="73" />
            <source>Preset</source>
            <translation>预设</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="77" />
            <source>Quick look (CPU)</source>
            <translation>快速预览（CPU）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="77" />
            <source>More detail (CPU)</source>
            <translation>更多细节（CPU）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="78" />
            <source>Standard (GPU)</source>
            <translation>标准（GPU）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="78" />
            <source>High resolution (GPU)</source>
            <translation>高分辨率（GPU）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="83" />
            <source>A ready-made choice of image size, model size and training length for your computer. Start with the recommended one; you can change details under Advanced.</source>
            <translation>为您的电脑预先选好的图片尺寸、模型大小和训练时长。先用推荐的预设；细节可以在“高级”中修改。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="94" />
            <source>How long</source>
            <translation>训练时长</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="96" />
            <source>Steps</source>
            <translation>步数</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="97" />
            <source>Minutes</source>
            <translation>分钟</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="104" />
            <source>One step shows the model one batch of your pictures. More steps: better images, longer wait.</source>
            <translation>每一步让模型看一批您的图片。步数越多，图像越好，等待也越久。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="110" />
            <source>Train for this long, then stop and save. Handy when you know how much time you have.</source>
            <translation>训练这么长时间后停止并保存。适合您知道自己有多少时间的时候。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="123" />
            <source>Advanced</source>
            <translation>高级</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="134" />
            <source>Standard (DCGAN)</source>
            <translation>标准（DCGAN）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="134" />
            <source>Hinge</source>
            <translation>Hinge</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="135" />
            <source>Wasserstein (WGAN-GP)</source>
            <translation>Wasserstein（WGAN-GP）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="138" />
            <source>How the two networks score each other. Standard works for most data; try Hinge or Wasserstein if the images stop improving or all look the same.</source>
            <translation>两个网络相互评分的方式。“标准”适用于大多数数据；如果图像不再改善或全都一样，可以试试 Hinge 或 Wasserstein。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="140" />
            <source>How big a step the generator (the image maker) takes when it learns. Lower is slower but steadier.</source>
            <translation>生成器（出图的一方）每次学习时迈的步子有多大。越低越慢，但越稳定。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="142" />
            <source>How big a step the discriminator (the judge) takes when it learns. Lower it if the judge wins too easily.</source>
            <translation>判别器（裁判）每次学习时迈的步子有多大。如果判别器太容易获胜，请调低。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="147" />
            <source>How many pictures the model looks at per step. Bigger uses more memory; 32–64 is typical.</source>
            <translation>模型每一步看多少张图片。越大占用内存越多；通常为 32–64。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="151" />
            <source>Model size. Wider models can draw more detail but train more slowly.</source>
            <translation>模型大小。越宽的模型能画出越多细节，但训练越慢。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="152" />
            <source>Use averaged generator for previews</source>
            <translation>预览时使用平均生成器</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="155" />
            <source>Keeps a smoothed copy of the image maker. Its pictures are usually cleaner. Leave on.</source>
            <translation>保留生成器的一个平滑副本，它生成的图片通常更干净。建议保持开启。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="157" />
            <source>Auto (as much as the judge needs)</source>
            <translation>自动（按判别器的需要）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="157" />
            <source>Always full</source>
            <translation>始终全强度</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="158" />
            <location filename="../ui/training/settings_form.py" line="166" />
            <location filename="../ui/training/settings_form.py" line="174" />
            <location filename="../ui/training/settings_form.py" line="186" />
            <location filename="../ui/training/settings_form.py" line="202" />
            <source>Off</source>
            <translation>关</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="161" />
            <source>Random shifts, colour changes and cut-outs shown to the judge, so it cannot simply memorise your pictures. Auto starts with none and adds more as soon as the judge starts to memorise, for any number of pictures; Always full uses the full strength from the first step.</source>
            <translation>给判别器看随机平移、颜色变化和遮挡后的图片，使它无法简单地记住您的图片。“自动”从不增强开始，一旦判别器开始记忆就逐步加强，适用于任意数量的图片；“始终全强度”从第一步起就使用全部强度。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="165" />
            <source>Auto (when mirrored pictures look like yours)</source>
            <translation>自动（镜像后仍像您的图片时开启）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="165" />
            <location filename="../ui/training/settings_form.py" line="174" />
            <location filename="../ui/training/settings_form.py" line="196" />
            <source>On</source>
            <translation>开</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="169" />
            <source>Shows the judge your pictures mirrored left to right half of the time, which doubles what a small set teaches. Auto turns it on only when mirrored pictures still look like yours: parts, textures and most products, never writing or digits.</source>
            <translation>有一半的时间把您的图片左右镜像后给判别器看，相当于让小数据集多教一倍。“自动”只在镜像后的图片仍像您的图片时开启：零件、纹理和大多数产品会开启，文字和数字不会。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="173" />
            <source>Auto (when turned pictures look like yours, at 64 px or more)</source>
            <translation>自动（旋转后仍像您的图片且分辨率不低于 64 px 时开启）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="177" />
            <source>Lets the image maker draw each part upright and then turn it to an angle of its own, so parts with corners (nuts, brackets) keep their shape at every angle. Auto turns it on when your parts lie at any angle, as on an inspection table seen from above, and the pictures are at least 64 px; never for writing, digits or pictures with an up and a down. Learning by class, the classes are then told apart by their details (scratches, cracks), never by the outline.</source>
            <translation>让图像生成器先把每个零件画正，再转到它自己的角度，这样带棱角的零件（螺母、支架）在任何角度都能保持形状。当您的零件可以任意角度摆放（如从上方俯视检测台）且图片不小于 64 px 时，“自动”会开启它；文字、数字或有上下之分的图片永远不会开启。按类别学习时，各类别随后只凭细节（划痕、裂纹）区分，从不凭外形轮廓。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="183" />
            <source>Auto (kinds of part, where parts are turned by class)</source>
            <translation>自动（按类别学习且零件会转动时，按零件种类分组）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="184" />
            <source>Keep every kind (finds {count} kinds in your pictures)</source>
            <translation>保留每一类（在您的图片中找出 {count} 类）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="189" />
            <source>Sorts your pictures into groups that look alike (for example nuts, washers and flanges) before training, and has the image maker draw each group as often as it occurs, so that no kind of part is left out. Needs at least 10 pictures a group; with fewer it stays off by itself. Auto sorts them by outline alone (for example nuts and round parts) when the image maker turns its parts and learns by class, so the kind decides the shape and the class the details.</source>
            <translation>训练前把外观相似的图片分成若干类（例如螺母、垫圈和法兰），并让生成器按每类在图片中出现的比例绘制，不遗漏任何一类零件。每类至少需要 10 张图片；图片不够时会自动关闭。当生成器会转动零件并按类别学习时，“自动”只按外形轮廓分组（例如螺母和圆形零件），由种类决定形状，由类别决定细节。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="195" />
            <source>Auto (when pictures are in two or more class folders)</source>
            <translation>自动（图片分在两个或更多类别文件夹时）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="196" />
            <source>Off (one mix of all pictures)</source>
            <translation>关闭（所有图片混在一起）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="199" />
            <source>Learns each class folder (ok, scratch, crack, ...) so that you can later ask for pictures of one class. Small classes are shown to the model more often, up to four times their share.</source>
            <translation>学习每个类别文件夹（ok、scratch、crack……），之后可以只生成某一类别的图片。图片少的类别会更常给模型看，最多为其原占比的四倍。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="202" />
            <source>bfloat16 (recommended on GPU)</source>
            <translation>bfloat16（GPU 上推荐）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="203" />
            <source>float16</source>
            <translation>float16</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="206" />
            <source>Faster training on NVIDIA cards by using shorter numbers. Has no effect on the CPU.</source>
            <translation>使用更短的数字格式，在 NVIDIA 显卡上训练更快。对 CPU 无效。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="207" />
            <source>Spectral normalisation</source>
            <translation>谱归一化</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="209" />
            <source>Keeps the judge from overreacting. Helps when training becomes unstable.</source>
            <translation>防止判别器反应过度。训练不稳定时有帮助。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="214" />
            <source>Save the model every this many steps (and at least every 10 minutes), so nothing is lost if the computer stops.</source>
            <translation>每隔这么多步（且至少每 10 分钟）保存一次模型，电脑停机也不会丢失进度。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="219" />
            <source>The starting point of all randomness. The same seed and settings give the same run.</source>
            <translation>所有随机性的起点。相同的种子和设置会得到相同的训练结果。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="220" />
            <source>Loss</source>
            <translation>损失函数</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="221" />
            <source>Generator learning rate</source>
            <translation>生成器学习率</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="222" />
            <source>Discriminator learning rate</source>
            <translation>判别器学习率</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="223" />
            <source>Batch size</source>
            <translation>批大小</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="224" />
            <source>Model width</source>
            <translation>模型宽度</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="225" />
            <source>DiffAugment</source>
            <translation>DiffAugment</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="226" />
            <source>Mirrored pictures</source>
            <translation>镜像图片</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="227" />
            <source>Parts at any angle</source>
            <translation>零件任意角度</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="228" />
            <source>Kinds of picture</source>
            <translation>图片类别</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="229" />
            <source>Learn by class</source>
            <translation>按类别学习</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="230" />
            <source>Mixed precision</source>
            <translation>混合精度</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="231" />
            <source>Checkpoint every (steps)</source>
            <translation>检查点间隔（步）</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="232" />
            <source>Seed</source>
            <translation>种子</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="261" />
            <source>Auto</source>
            <translation>自动</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="270" />
            <source>Looking for graphics cards…</source>
            <translation>正在查找显卡…</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="272" />
            <source>A graphics card was found: Auto trains on it.</source>
            <translation>找到显卡：“自动”将在显卡上训练。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="275" />
            <source>No NVIDIA graphics card was found, so training uses the CPU. The CPU presets are made for this.</source>
            <translation>没有找到 NVIDIA 显卡，因此使用 CPU 训练。CPU 预设正是为此设计的。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="301" />
            <source>32×32 images and a small model: recognisable shapes in about 5 minutes on a 2-core PC. Scratches and other details a pixel or two wide are lost at this size.</source>
            <translation>32×32 图像、小模型：在双核电脑上约 5 分钟即可看出形状。一两个像素宽的划痕等细节在这个尺寸下会丢失。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="303" />
            <source>64×64 images and a small model: scratches, cracks and fine texture stay visible. Each step takes about 2.7 times as long: about 12 minutes on a 2-core PC.</source>
            <translation>64×64 图像、小模型：划痕、裂纹和细腻纹理清晰可见。每步耗时约为 2.7 倍：在双核电脑上约 12 分钟。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="305" />
            <source>64×64 images, the DCGAN paper's model size, mixed precision on an NVIDIA card.</source>
            <translation>64×64 图片，DCGAN 论文的模型大小，在 NVIDIA 显卡上使用混合精度。</translation>
        </message>
        <message>
            <location filename="../ui/training/settings_form.py" line="306" />
            <source>128×128 images for detailed textures; wants a graphics card with 8 GB or more.</source>
            <translation>128×128 图片，适合精细纹理；需要 8 GB 或以上显存的显卡。</translation>
        </message>
    </context>
    <context>
        <name>TrainingTab</name>
        <message>
            <location filename="../ui/training/tab.py" line="64" />
            <source>The folder where this run keeps its settings, checkpoints and samples.</source>
            <translation>这次训练保存设置、检查点和样本的文件夹。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="65" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="67" />
            <source>Start training</source>
            <translation>开始训练</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="69" />
            <source>Start a new run on the pictures of the Dataset tab.</source>
            <translation>用“数据集”页中的图片开始一次新的训练。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="70" />
            <location filename="../ui/training/tab.py" line="340" />
            <location filename="../ui/training/tab.py" line="385" />
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="71" />
            <source>Pause between two steps; nothing is lost. Press again to continue.</source>
            <translation>在两步之间暂停，不会丢失任何东西。再按一次继续。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="72" />
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="73" />
            <source>Stop and save a checkpoint. You can resume this run later.</source>
            <translation>停止并保存检查点。以后可以继续这次训练。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="74" />
            <source>Resume a previous run…</source>
            <translation>继续以前的训练…</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="76" />
            <source>Continue a run folder from its newest checkpoint, for the steps or minutes set above.</source>
            <translation>从训练文件夹的最新检查点继续训练，训练上面设置的步数或分钟数。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="85" />
            <source>Export as cluster job…</source>
            <translation>导出为集群作业…</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="87" />
            <source>Write a folder with these settings, the prepared pictures and launch scripts (torchrun, SLURM) to train on a multi-GPU server or a cluster.</source>
            <translation>写出一个文件夹，包含这些设置、准备好的图片和启动脚本（torchrun、SLURM），用于在多 GPU 服务器或集群上训练。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="95" />
            <source>Run folder</source>
            <translation>训练文件夹</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="131" />
            <source>There are no pictures to train on yet. Add a folder in the Dataset tab, or try the demo dataset.</source>
            <translation>还没有可训练的图片。请在“数据集”页添加文件夹，或试用示例数据集。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="152" />
            <source>Choose a run folder.</source>
            <translation>请选择训练文件夹。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="155" />
            <source>{folder} already holds a run. Use “Resume a previous run…” to continue it, or choose a new folder.</source>
            <translation>{folder} 中已有一次训练。请用“继续以前的训练…”接着训练，或选择一个新文件夹。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="206" />
            <source>Pausing after this step…</source>
            <translation>本步结束后暂停…</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="213" />
            <location filename="../ui/training/tab.py" line="214" />
            <source>Stopping and saving a checkpoint…</source>
            <translation>正在停止并保存检查点…</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="231" />
            <location filename="../ui/training/tab.py" line="253" />
            <source>Preparing the data…</source>
            <translation>正在准备数据…</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="256" />
            <source>Checking pictures… {done} / {total}</source>
            <translation>正在检查图片… {done} / {total}</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="257" />
            <source>Preparing pictures for training… {done} / {total}</source>
            <translation>正在为训练准备图片… {done} / {total}</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="266" />
            <source>Fine-tuning {run} with people's ratings: steps {start} to {end}.</source>
            <translation>正在用评分微调 {run}：第 {start} 步到第 {end} 步。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="276" />
            <source>The model it starts from scored {score:.1f} (lower is better).</source>
            <translation>起始模型的得分为 {score:.1f}（越低越好）。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="277" />
            <source>Fine-tuning with ratings</source>
            <translation>正在用评分微调</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="284" />
            <source>Resumed {run} at step {step}.</source>
            <translation>已从第 {step} 步继续 {run}。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="288" />
            <source>Training {images} pictures at {res}×{res} on {device}, batch {batch}, DiffAugment {aug}, mirrored pictures {flip}, parts at any angle {turn}.</source>
            <translation>正在 {device} 上以 {res}×{res} 训练 {images} 张图片，批量 {batch}，DiffAugment {aug}，镜像图片 {flip}，零件任意角度 {turn}。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="291" />
            <location filename="../ui/training/tab.py" line="292" />
            <location filename="../ui/training/tab.py" line="293" />
            <source>on</source>
            <translation>开启</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="291" />
            <location filename="../ui/training/tab.py" line="292" />
            <location filename="../ui/training/tab.py" line="293" />
            <source>off</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="297" />
            <source>Found {count} kinds of part among yours by their outline; each is drawn as often as it occurs, and the classes decide the details.</source>
            <translation>按外形轮廓在您的图片中找出 {count} 种零件；每种都按它出现的比例绘制，细节由类别决定。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="301" />
            <source>Found {count} kinds of picture among yours; each is drawn as often as it occurs.</source>
            <translation>在您的图片中找到 {count} 类；每类按其出现的比例绘制。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="305" />
            <source>Learning {count} classes, one row each in the samples: {names}.</source>
            <translation>正在学习 {count} 个类别，样本中每类一行：{names}。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="308" />
            <source>Training on {device}</source>
            <translation>正在 {device} 上训练</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="312" />
            <source>Checkpoint saved at step {step}: {path}</source>
            <translation>第 {step} 步的检查点已保存：{path}</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="316" />
            <source>Quality score at step {step}: {score:.1f} (lower is better; best so far at step {best}).</source>
            <translation>第 {step} 步的质量分：{score:.1f}（越低越好；目前最好的在第 {best} 步）。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="320" />
            <source>Pictures with no generated look-alike, the most unlike first: {names}.</source>
            <translation>这些图片没有相似的生成图像（最不像的在前）：{names}。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="333" />
            <source>Continue</source>
            <translation>继续</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="335" />
            <source>Paused at step {step}</source>
            <translation>已在第 {step} 步暂停</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="336" />
            <source>Paused</source>
            <translation>已暂停</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="341" />
            <source>Training</source>
            <translation>正在训练</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="345" />
            <source>Saved as model version v{id}; it is now used in the Feedback tab.</source>
            <translation>已保存为模型版本 v{id}；反馈页现在使用它。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="363" />
            <source>Finished</source>
            <translation>已完成</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="363" />
            <source>Stopped</source>
            <translation>已停止</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="364" />
            <source>Time limit reached</source>
            <translation>已到时间限制</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="365" />
            <source>{reason} at step {step}.</source>
            <translation>{reason}（第 {step} 步）。</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="371" />
            <source>Not running</source>
            <translation>未在运行</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="372" />
            <source>Ready</source>
            <translation>就绪</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="394" />
            <source>Folder for the new run</source>
            <translation>新训练的文件夹</translation>
        </message>
        <message>
            <location filename="../ui/training/tab.py" line="399" />
            <source>Open a run folder</source>
            <translation>打开训练文件夹</translation>
        </message>
    </context>
    <context>
        <name>TrainingWorker</name>
        <message>
            <location filename="../workers/training_worker.py" line="144" />
            <source>Preparing the data was cancelled.</source>
            <translation>数据准备已取消。</translation>
        </message>
    </context>
    <context>
        <name>UncoveredStrip</name>
        <message>
            <location filename="../ui/gallery/quality.py" line="30" />
            <source>Your pictures with no generated look-alike, the most unlike first:</source>
            <translation>你的这些图片没有相似的生成图像（最不像的在前）：</translation>
        </message>
        <message>
            <location filename="../ui/gallery/quality.py" line="81" />
            <source>Training picture {index}</source>
            <translation>训练图片 {index}</translation>
        </message>
        <message>
            <location filename="../ui/gallery/quality.py" line="82" />
            <source>{file} (training picture {index})</source>
            <translation>{file}（训练图片 {index}）</translation>
        </message>
    </context>
    <context>
        <name>UsefulnessDialog</name>
        <message>
            <location filename="../ui/gallery/usefulness_view.py" line="26" />
            <source>Does it help? Usefulness of the generated pictures</source>
            <translation>有帮助吗？生成图片的有用性</translation>
        </message>
        <message>
            <location filename="../ui/gallery/usefulness_view.py" line="32" />
            <source>Tested on {held:,} real pictures no model saw; trained on {real:,} real and {made:,} generated pictures; {seeds} repeats of each.</source>
            <translation>在 {held:,} 张任何模型都没见过的真实图片上测试；用 {real:,} 张真实图片和 {made:,} 张生成图片训练；每种各重复 {seeds} 次。</translation>
        </message>
        <message>
            <location filename="../ui/gallery/usefulness_view.py" line="52" />
            <source>yours</source>
            <translation>您的</translation>
        </message>
        <message>
            <location filename="../ui/gallery/usefulness_view.py" line="52" />
            <source>yours + generated</source>
            <translation>您的 + 生成的</translation>
        </message>
        <message>
            <location filename="../ui/gallery/usefulness_view.py" line="53" />
            <source>generated</source>
            <translation>生成的</translation>
        </message>
        <message>
            <location filename="../ui/gallery/usefulness_view.py" line="56" />
            <source>Held-out pictures right (%)</source>
            <translation>预留图片正确率（%）</translation>
        </message>
        <message>
            <location filename="../ui/gallery/usefulness_view.py" line="70" />
            <source>Seen as the class asked for (%)</source>
            <translation>被认作所要求类别的比例（%）</translation>
        </message>
    </context>
    <context>
        <name>VersionWords</name>
        <message>
            <location filename="../ui/feedback/versions.py" line="41" />
            <source>trained</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="41" />
            <source>steered</source>
            <translation>引导</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="42" />
            <source>fine-tuned</source>
            <translation>微调</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="45" />
            <source>, step {step:,}</source>
            <translation>，第 {step:,} 步</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="46" />
            <source>v{id} ({kind}{step})</source>
            <translation>v{id}（{kind}{step}）</translation>
        </message>
    </context>
    <context>
        <name>VersionsPanel</name>
        <message>
            <location filename="../ui/feedback/versions.py" line="61" />
            <source>Version</source>
            <translation>版本</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="61" />
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="61" />
            <source>Step</source>
            <translation>步数</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="61" />
            <source>Rated</source>
            <translation>已评</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="62" />
            <source>Good</source>
            <translation>好</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="71" />
            <source>Every adjustment makes a new version from the one it started from; none is ever overwritten. ● marks the version in use. “Good” is the share of its images people rated good.</source>
            <translation>每次调整都会在原版本的基础上生成一个新版本，不会覆盖任何版本。● 标记当前使用的版本。“好”是其图像中被评为好的比例。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="75" />
            <source>Use this version</source>
            <translation>使用此版本</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="77" />
            <source>Rate, steer and fine-tune this version from now on (a rollback, if it is an older one).</source>
            <translation>从现在起对此版本评分、引导和微调（如果是较早的版本，即为回滚）。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="79" />
            <source>Compare…</source>
            <translation>比较…</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="80" />
            <source>See two versions side by side on the same random seeds.</source>
            <translation>用相同的随机种子并排查看两个版本。</translation>
        </message>
        <message>
            <location filename="../ui/feedback/versions.py" line="106" />
            <source>Made from {n:,} ratings</source>
            <translation>由 {n:,} 条评分生成</translation>
        </message>
    </context>
    <context>
        <name>ZoomBox</name>
        <message>
            <location filename="../ui/widgets/pixel_view.py" line="317" />
            <source>How large the images are drawn. “Fit” enlarges them by the largest whole factor the panel allows and never shrinks them; a larger zoom scrolls. Ctrl + mouse wheel also zooms.</source>
            <translation>图像绘制的大小。“适应”按面板能容纳的最大整数倍放大图像，绝不缩小；更大的缩放可滚动查看。按住 Ctrl 滚动鼠标滚轮也可缩放。</translation>
        </message>
    </context>
    <context>
        <name>_NeighbourRow</name>
        <message>
            <location filename="../ui/gallery/detail.py" line="168" />
            <source>Training picture {index}, distance {d:.4f}</source>
            <translation>训练图片 {index}，距离 {d:.4f}</translation>
        </message>
    </context>
</TS>
